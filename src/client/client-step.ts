import { PROTOCOL_VERSION } from '../protocol.js';
import type { Entry, NewEntry, SystemTone } from './client-entry.js';
import type { ClientEffect, ClientStep } from './client-effect.js';
import type { ClientState } from './client-state.js';
import { formatEntry } from './format-entry.js';
import { layoutOf } from './layout.js';
import { appendEntry, sessionId } from './scrollback.js';
import { isVisible } from './select-messages.js';

/**
 * The hello that registers `nick` ([PASSWORD] included when the server needs one, and [RESUME]
 * when an earlier welcome gave a secret: a half-open old connection then no longer holds the nick;
 * [RESUME-SEEN] with the newest message id shown, so the server replays what came after it).
 */
export function helloFor(state: ClientState, nick: string): ClientEffect {
  const password = state.options.password === undefined ? {} : { password: state.options.password };
  const seen = newestId(state);
  const resume = state.resume === undefined ? {} : { resume: state.resume, ...(seen > 0 ? { seen } : {}) };
  return { type: 'send', frame: { type: 'hello', version: PROTOCOL_VERSION, nick, ...password, ...resume } };
}

/**
 * The newest server id in the scrollback (messages, acknowledged own lines) of the current
 * session, 0 for none: an earlier session's ids may be another server state's ([TUI-SESSION-IDS]).
 */
function newestId(state: ClientState): number {
  let newest = 0;
  for (const entry of state.log.entries) newest = Math.max(newest, sessionId(state.log, entry) ?? 0);
  return newest;
}

/** A step that changes nothing: the same state reference, no effects. */
export function unchanged(state: ClientState): ClientStep<ClientState> {
  return { state, effects: [] };
}

/** A step to `state` with `effects`. */
export function stepTo(state: ClientState, ...effects: ClientEffect[]): ClientStep<ClientState> {
  return { state, effects };
}

/**
 * Appends an entry. A reader scrolled up keeps seeing the same rows (the offset grows by the
 * new entry's rows); an entry for another room counts as unread there.
 */
export function addEntry(state: ClientState, entry: NewEntry): ClientState {
  const log = appendEntry(state.log, entry);
  const added = log.entries[log.entries.length - 1] as Entry;
  let { scroll, rooms } = state;
  if (isVisible(state, added)) {
    if (scroll > 0) scroll += formatEntry(added, layoutOf(state.size).messagesWidth).length;
  } else if (added.room !== undefined) {
    const room = rooms.get(added.room);
    const mention = added.kind === 'message' && added.mention;
    if (room) rooms = new Map(rooms).set(added.room, { ...room, unread: room.unread + 1, mentioned: room.mentioned || mention });
  }
  return { ...state, log, scroll, rooms };
}

/** Appends a system line (joins, leaves, errors, help). */
export function addSystem(state: ClientState, at: number, tone: SystemTone, text: string, room?: string): ClientState {
  return addEntry(state, { kind: 'system', ts: at, tone, text, room });
}
