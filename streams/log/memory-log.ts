import type { RoomEvent } from '../../src/events.js';
import type { Archive, ArchivedMessage, EventLog, LoadedLog } from './event-log.js';
import { searchTerms } from './fts-query.js';

export interface MemoryLogOptions {
  /** Keep the events and snapshots (tests of replay); a `--in-memory` server keeps only the archive. */
  readonly keepEvents: boolean;
  /** [ARCHIVE-MEMORY] Most messages kept per room in memory. */
  readonly keepPerRoom: number;
}

/**
 * [EVENT-LOG] The log in memory: for `serve --in-memory` (the archive only, bounded per room, gone
 * with the process) and for tests (events and snapshots too, so a "restart" can replay them).
 * `failNext` makes the next commit throw, for tests of [STORAGE-FAILED].
 */
export function createMemoryLog(options: MemoryLogOptions): EventLog & { failNext(error?: Error): void } {
  let events: { seq: number; event: RoomEvent }[] = [];
  let snapshot: LoadedLog['snapshot'] = null;
  let lastSeq = 0;
  let failure: Error | undefined;
  const rooms = new Map<string, ArchivedMessage[]>();

  const archive: Archive = {
    history: ({ room, before, limit }) => {
      const kept = below(rooms.get(room) ?? [], before);
      return kept.slice(Math.max(0, kept.length - limit));
    },
    search: ({ room, before, limit, words }) => {
      const query = memoryQuery(words);
      const found: ArchivedMessage[] = [];
      if (query === null) return found;
      const kept = below(rooms.get(room) ?? [], before);
      for (let i = kept.length - 1; i >= 0 && found.length < limit; i--) {
        if (query(tokensOf(kept[i]!.text))) found.push(kept[i]!);
      }
      return found;
    },
  };

  return {
    load: () => ({ snapshot, tail: events.map((e) => e.event), lastSeq }),
    commit(batch, messages) {
      if (failure) {
        const error = failure;
        failure = undefined;
        throw error;
      }
      for (const event of batch) {
        lastSeq++;
        if (options.keepEvents) events.push({ seq: lastSeq, event });
      }
      for (const message of messages) if (message.room !== null) append(message.room, message);
    },
    snapshot(seq, state) {
      if (!options.keepEvents) return;
      snapshot = { seq, state: JSON.parse(JSON.stringify(state)) };
      events = events.filter((e) => e.seq > seq);
    },
    archive,
    prune({ olderThan, keepPerRoom }) {
      let removed = 0;
      for (const [room, list] of rooms) {
        const young = olderThan === undefined ? list : list.filter((m) => m.ts >= olderThan);
        const kept = keepPerRoom === undefined ? young : young.slice(Math.max(0, young.length - keepPerRoom));
        removed += list.length - kept.length;
        rooms.set(room, kept);
      }
      return removed;
    },
    close() {},
    failNext(error = new Error('disk full (test)')) {
      failure = error;
    },
  };

  function append(room: string, message: ArchivedMessage): void {
    const list = rooms.get(room) ?? [];
    list.push(message);
    // Trim in chunks, so keeping the bound costs O(1) per message on average.
    if (list.length > options.keepPerRoom * 1.25) list.splice(0, list.length - options.keepPerRoom);
    rooms.set(room, list);
  }
}

/** Letters and digits in runs, lower case: the words a text is searched by (like FTS5's unicode61). */
function tokensOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * [SEARCH-WORDS] The memory archive's reading of a search, as the SQLite one reads it ({@link searchTerms}):
 * every word must be a whole word of the text, the last a prefix when it is one. Null: no results.
 */
function memoryQuery(words: string): ((tokens: readonly string[]) => boolean) | null {
  const terms = searchTerms(words);
  if (terms === null) return null;
  const stem = terms.prefix ? tokensOf(terms.words[terms.words.length - 1]!) : [];
  const prefix = stem.pop();
  const whole = [...(terms.prefix ? terms.words.slice(0, -1) : terms.words).flatMap(tokensOf), ...stem];
  return (tokens) => whole.every((w) => tokens.includes(w)) && (prefix === undefined || tokens.some((t) => t.startsWith(prefix)));
}

/** The messages of a room (ascending ids) with id < before. */
function below(list: readonly ArchivedMessage[], before: number | undefined): readonly ArchivedMessage[] {
  if (before === undefined) return list;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.id < before) lo = mid + 1;
    else hi = mid;
  }
  return list.slice(0, lo);
}

