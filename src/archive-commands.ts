import { DEFAULT_HISTORY, HISTORY_MAX, SEARCH_WORDS_MAX, type ClientFrame } from './protocol.js';

/**
 * [ARCHIVE-COMMANDS] `/history`, `/search` and `/more`: the commands that read a room's archive,
 * parsed from their arguments into a frame or an error in words. Pure; part of [COMMANDS].
 */

/** The last search a client showed, where `/more` goes on; `before` is absent when it had no older page. */
export interface SearchCursor {
  readonly room: string;
  readonly words: string;
  readonly before?: number;
}

export type ArchiveParse = { readonly ok: true; readonly frame: ClientFrame } | { readonly ok: false; readonly message: string };

const ok = (frame: ClientFrame): ArchiveParse => ({ ok: true, frame });
const no = (message: string): ArchiveParse => ({ ok: false, message });

/** A positive whole number of at most `digits` digits, or undefined. */
function count(text: string, digits: number): number | undefined {
  if (!new RegExp(`^\\d{1,${digits}}$`).test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}

/** [HISTORY-MAX] `N` of `/history N`: 1 to 1,000, said so when larger. */
function limitOf(text: string, usage: string): number | ArchiveParse {
  const n = count(text, 16);
  if (n === undefined) return no(`usage: ${usage}`);
  if (n > HISTORY_MAX) return no(`history gives at most ${HISTORY_MAX} messages at a time; /history more pages back from the oldest shown`);
  return n;
}

/**
 * `/history` (all the room keeps in memory), `/history N` (the last N), `/history more [N]`
 * ([HISTORY-PAGE]: N, default [HISTORY-DEFAULT], before `oldestId`, the oldest message shown of the
 * room; with nothing shown yet, the newest N).
 */
export function parseHistory(rest: string, room: string, oldestId: number | undefined, usage: string): ArchiveParse {
  if (rest === '') return ok({ type: 'history', room });
  const [first, second, ...others] = rest.split(/\s+/);
  if (first!.toLowerCase() !== 'more') {
    if (second !== undefined) return no(`usage: ${usage}`);
    const limit = limitOf(first!, usage);
    return typeof limit === 'number' ? ok({ type: 'history', room, limit }) : limit;
  }
  if (others.length > 0) return no(`usage: ${usage}`);
  const limit = second === undefined ? DEFAULT_HISTORY : limitOf(second, usage);
  if (typeof limit !== 'number') return limit;
  return ok({ type: 'history', room, limit, ...(oldestId === undefined ? {} : { before: oldestId }) });
}

/**
 * `/search [--before ID] words` ([SEARCH]): the messages of `room` with every word, newest first,
 * older than message `ID` when given. Words are at most [SEARCH-WORDS] characters.
 */
export function parseSearch(rest: string, room: string, usage: string): ArchiveParse {
  let words = rest;
  let before: number | undefined;
  const flag = /^--before(?:\s+(\S+)|=(\S+))?(?:\s+|$)/i.exec(rest);
  if (flag) {
    const id = flag[1] ?? flag[2];
    before = id === undefined ? undefined : count(id, 16);
    if (before === undefined) return no('--before takes a message id: a positive whole number, as search results show it');
    words = rest.slice(flag[0].length).trim();
  }
  if (words === '') return no(`usage: ${usage}`);
  if (words.length > SEARCH_WORDS_MAX) return no(`a search is at most ${SEARCH_WORDS_MAX} characters`);
  return ok({ type: 'search', room, words, ...(before === undefined ? {} : { before }) });
}

/** `/more`: the next (older) page of the last search, in the room it searched. */
export function parseMore(rest: string, last: SearchCursor | undefined, usage: string): ArchiveParse {
  if (rest !== '') return no(`usage: ${usage}`);
  if (last === undefined) return no('/more goes on with a search: /search words first');
  if (last.before === undefined) return no(`no more results for "${last.words}" in ${last.room}`);
  return ok({ type: 'search', room: last.room, words: last.words, before: last.before });
}
