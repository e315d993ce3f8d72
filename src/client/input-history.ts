import { inputOf, inputText, type InputLine } from './input-line.js';

/**
 * [TUI-HISTORY] Lines sent before, newest last, browsed with Up and Down. While browsing,
 * `index` points into `items` and `draft` keeps what was being typed, restored past the newest.
 */
export interface InputHistory {
  readonly items: readonly string[];
  readonly index: number | undefined;
  readonly draft: string;
}

/** How many lines history keeps. */
export const HISTORY_MAX = 200;

/** No lines yet, not browsing. */
export const emptyHistory: InputHistory = { items: [], index: undefined, draft: '' };

/** Remembers a submitted line (not twice in a row) and stops browsing. */
export function rememberLine(history: InputHistory, line: string): InputHistory {
  if (line.trim() === '') return { ...history, index: undefined, draft: '' };
  const items = history.items[history.items.length - 1] === line ? history.items : [...history.items, line].slice(-HISTORY_MAX);
  return { items, index: undefined, draft: '' };
}

/** One step back (`up`) or forward (`down`): the new history and the line to show. */
export function browseHistory(
  history: InputHistory,
  input: InputLine,
  direction: 'up' | 'down',
): { readonly history: InputHistory; readonly input: InputLine } {
  const { items, index } = history;
  if (direction === 'up') {
    if (items.length === 0 || index === 0) return { history, input };
    const next = index === undefined ? items.length - 1 : index - 1;
    const draft = index === undefined ? inputText(input) : history.draft;
    return { history: { items, index: next, draft }, input: inputOf(items[next]!) };
  }
  if (index === undefined) return { history, input };
  if (index + 1 >= items.length) return { history: { items, index: undefined, draft: '' }, input: inputOf(history.draft) };
  return { history: { ...history, index: index + 1 }, input: inputOf(items[index + 1]!) };
}
