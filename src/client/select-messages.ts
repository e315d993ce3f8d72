import type { Entry } from './client-entry.js';
import type { ClientState } from './client-state.js';
import { formatEntry, type Row } from './format-entry.js';
import { layoutOf } from './layout.js';

/** Whether an entry shows in the current room's view: its own entries and room-less ones. */
export function isVisible(state: ClientState, entry: Entry): boolean {
  return entry.room === undefined || entry.room === state.room;
}

const memo = new WeakMap<Entry, { readonly width: number; readonly rows: Row[] }>();

/**
 * `formatEntry`, remembered per entry and width: entries are immutable, so this is the same pure
 * function, only without reformatting 2,000 entries on every PageUp.
 */
export function formatEntryMemo(entry: Entry, width: number): Row[] {
  const hit = memo.get(entry);
  if (hit !== undefined && hit.width === width) return hit.rows;
  const rows = formatEntry(entry, width);
  memo.set(entry, { width, rows });
  return rows;
}

/** All rows of the current view, oldest first, at the messages pane's width. */
export function selectMessageRows(state: ClientState, format: (entry: Entry, width: number) => Row[] = formatEntryMemo): Row[] {
  const { messagesWidth } = layoutOf(state.size);
  const rows: Row[] = [];
  for (const entry of state.log.entries) {
    if (isVisible(state, entry)) for (const row of format(entry, messagesWidth)) rows.push(row);
  }
  return rows;
}

/** How far up the view can scroll: total rows minus one screenful. */
export function selectMaxScroll(state: ClientState): number {
  return Math.max(0, selectMessageRows(state).length - layoutOf(state.size).messagesHeight);
}

/**
 * [TUI-SCROLL] The rows the messages pane shows: a window of `messagesHeight` rows ending
 * `scroll` rows above the newest (clamped), and how many rows lie below it.
 */
export function selectMessageWindow(state: ClientState, format?: (entry: Entry, width: number) => Row[]): { readonly rows: readonly Row[]; readonly below: number } {
  const all = selectMessageRows(state, format);
  const height = layoutOf(state.size).messagesHeight;
  const below = Math.min(state.scroll, Math.max(0, all.length - height));
  const end = all.length - below;
  return { rows: all.slice(Math.max(0, end - height), end), below };
}
