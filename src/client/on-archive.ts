import type { MessageFrame, SearchResultsFrame } from '../protocol.js';
import type { NewEntry } from './client-entry.js';
import type { ClientState } from './client-state.js';
import { addEntry, addSystem } from './client-step.js';
import { searchTerms } from './highlight.js';
import { insertEntry, sessionId } from './scrollback.js';

/**
 * [TUI-HISTORY-REPLAY] [TUI-SEARCH] What reads of the archive do to the client: replayed messages
 * take their place by id, search results are listed with the words found marked.
 */

/** Whether the scrollback shows message `id` of `room` already, in the current session ([TUI-SESSION-IDS]). */
export function showsId(state: ClientState, room: string, id: number): boolean {
  return state.log.entries.some((e) => e.room === room && sessionId(state.log, e) === id);
}

/** [HISTORY-PAGE] The smallest message id shown of `room` in the current session: where `/history more` pages back from. */
export function oldestShownId(state: ClientState, room: string): number | undefined {
  let oldest: number | undefined;
  for (const e of state.log.entries) {
    const id = e.room === room ? sessionId(state.log, e) : undefined;
    if (id !== undefined && (oldest === undefined || id < oldest)) oldest = id;
  }
  return oldest;
}

/**
 * A replayed message goes where its id puts it: above the first shown message of its room with a
 * larger id (a page of older history lands above what is shown, and the view does not jump), or
 * at the end when it is newer than all of them (what a reconnect missed). The ids of an earlier
 * session are not comparable ([TUI-SESSION-IDS]): against its messages the server's time decides,
 * which only grows, even across restarts.
 */
export function placeReplay(state: ClientState, entry: NewEntry & { kind: 'message' }, id: number): ClientState {
  const { log } = state;
  const index = log.entries.findIndex((e) => {
    if (e.room !== entry.room || (e.kind !== 'message' && e.kind !== 'own') || e.id === undefined) return false;
    return e.session === log.session ? e.id > id : e.ts > entry.ts;
  });
  if (index < 0) return addEntry(state, entry);
  return { ...state, log: insertEntry(log, entry, index) };
}

/** [SEARCH] A page of results, newest first, in the room searched; `/more` asks for the next. */
export function searchResults(state: ClientState, frame: SearchResultsFrame, at: number): ClientState {
  const last = frame.results[frame.results.length - 1];
  const search = { room: frame.room, words: frame.words, ...(frame.more && last ? { before: last.id } : {}) };
  let next: ClientState = { ...state, search };
  if (frame.results.length === 0) {
    return addSystem(next, at, 'info', `no${frame.more ? ' more' : ''} messages in ${frame.room} have "${frame.words}"`, frame.room);
  }
  const count = `${frame.results.length} result${frame.results.length === 1 ? '' : 's'}`;
  next = addSystem(next, at, 'info', `search "${frame.words}" in ${frame.room}: ${count}, newest first`, frame.room);
  const words = searchTerms(frame.words);
  for (const m of frame.results) next = addEntry(next, found(m, frame.room, words));
  return addSystem(next, at, 'info', frame.more ? `older results: /more` : `no older results for "${frame.words}"`, frame.room);
}

function found(m: MessageFrame, room: string, words: readonly string[]): NewEntry {
  return { kind: 'found', ts: m.ts, room, from: m.from, text: m.text, action: m.kind === 'action', id: m.id, words };
}
