import type { Entry, NewEntry } from './client-entry.js';

/**
 * [TUI-SCROLLBACK] The entries of the messages pane, oldest first, numbered by `seq` in arrival
 * order and bounded to `max` entries: the oldest go first. Each is stamped with the `session` it
 * arrived in ([TUI-SESSION-IDS]).
 */
export interface Scrollback {
  readonly entries: readonly Entry[];
  readonly nextSeq: number;
  readonly max: number;
  /** [TUI-SESSION-IDS] The current session: one more after each welcome that did not resume. */
  readonly session: number;
}

/** An empty scrollback keeping at most `max` entries. */
export function createScrollback(max: number): Scrollback {
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`scrollback size must be a positive integer, got ${max}`);
  return { entries: [], nextSeq: 1, max, session: 0 };
}

/**
 * [TUI-SESSION-IDS] A welcome did not resume: the server may be another state (one restarted in
 * memory counts its ids from 1 again), so the ids shown so far are no longer compared with new ones.
 * What the scrollback shows stays as it is.
 */
export function startSession(log: Scrollback): Scrollback {
  return { ...log, session: log.session + 1 };
}

/**
 * The server's id of an entry (a message, or an own one acknowledged) when it belongs to the
 * current session; entries of earlier sessions have none to compare ([TUI-SESSION-IDS]).
 */
export function sessionId(log: Scrollback, entry: Entry): number | undefined {
  if (entry.session !== log.session) return undefined;
  return entry.kind === 'message' || entry.kind === 'own' ? entry.id : undefined;
}

/** Appends an entry, dropping the oldest past the bound. */
export function appendEntry(log: Scrollback, entry: NewEntry): Scrollback {
  const numbered = { ...entry, seq: log.nextSeq, session: log.session } as Entry;
  const kept = log.entries.length >= log.max ? log.entries.slice(log.entries.length - log.max + 1) : log.entries.slice();
  kept.push(numbered);
  return { ...log, entries: kept, nextSeq: log.nextSeq + 1 };
}

/** Replaces the newest entry that `match` accepts with `update(entry)`; same reference if none. */
export function updateLastEntry(log: Scrollback, match: (entry: Entry) => boolean, update: (entry: Entry) => Entry): Scrollback {
  for (let i = log.entries.length - 1; i >= 0; i--) {
    const entry = log.entries[i]!;
    if (!match(entry)) continue;
    const entries = log.entries.slice();
    entries[i] = update(entry);
    return { ...log, entries };
  }
  return log;
}

/**
 * [TUI-HISTORY-REPLAY] Puts an entry at `index` (an older message above newer ones). Past the
 * bound, the entry that arrived first goes, as with appending; rare enough to look for it.
 */
export function insertEntry(log: Scrollback, entry: NewEntry, index: number): Scrollback {
  const numbered = { ...entry, seq: log.nextSeq, session: log.session } as Entry;
  const entries = [...log.entries.slice(0, index), numbered, ...log.entries.slice(index)];
  if (entries.length > log.max) {
    let first = 0;
    for (let i = 1; i < entries.length; i++) if (entries[i]!.seq < entries[first]!.seq) first = i;
    entries.splice(first, 1);
  }
  return { ...log, entries, nextSeq: log.nextSeq + 1 };
}
