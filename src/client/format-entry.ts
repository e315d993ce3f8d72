import { assertNever } from '../assert-never.js';
import type { Entry } from './client-entry.js';
import { highlightTerms } from './highlight.js';
import { nickColour, type NickColour } from './nick-colour.js';
import { textWidth, wrapText } from './text-width.js';

/** How a piece of text is drawn; the view maps each style to terminal attributes. */
export type Style =
  | 'text' | 'time' | 'pending' | 'failed' | 'mention' | 'action' | 'private' | 'history'
  | 'info' | 'join' | 'leave' | 'error' | 'help' | 'topic' | `nick:${NickColour}`;

/** A run of text in one style. */
export interface Span {
  readonly text: string;
  readonly style: Style;
}

/** One screen row: spans whose widths add up to at most the pane width. */
export type Row = readonly Span[];

const TIME_WIDTH = 6;

/** `HH:MM ` in local time. */
export function formatTime(ts: number): string {
  const date = new Date(ts);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')} `;
}

/** `YYYY-MM-DD HH:MM ` in local time: a search result may be from any day. */
export function formatDateTime(ts: number): string {
  const date = new Date(ts);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${formatTime(ts)}`;
}

/**
 * [TUI-FORMAT] The rows an entry takes in a pane `width` cells wide: a time column, a head
 * (`<nick>`, `* nick`, `*nick*`, `-!-`), then the text wrapped under itself.
 */
export function formatEntry(entry: Entry, width: number): Row[] {
  switch (entry.kind) {
    case 'message': {
      const style: Style = entry.mention ? 'mention' : entry.action ? 'action' : 'text';
      const time: Span = { text: formatTime(entry.ts), style: entry.history ? 'history' : 'time' };
      return layoutRows([time, ...head(entry.from, entry.action)], entry.text, style, width);
    }
    case 'own': {
      const pending = entry.delivery === 'queued' || entry.delivery === 'sent';
      const failed = entry.delivery === 'refused' || entry.delivery === 'unconfirmed';
      const time: Span = pending ? { text: '  …   ', style: 'pending' } : failed ? { text: '  ✗   ', style: 'failed' } : { text: formatTime(entry.ts), style: 'time' };
      const style: Style = pending ? 'pending' : failed ? 'failed' : entry.action ? 'action' : 'text';
      const heads = entry.to === undefined ? head(entry.from, entry.action) : [{ text: `-> *${entry.to}* `, style: 'private' as const }];
      return layoutRows([time, ...heads], entry.text, style, width);
    }
    case 'private': {
      const heads: Span[] = [{ text: `*${entry.from}* `, style: 'private' }];
      if (entry.action) heads.push({ text: '* ', style: 'action' });
      return layoutRows([{ text: formatTime(entry.ts), style: 'time' }, ...heads], entry.text, 'private', width);
    }
    case 'found': {
      // [TUI-SEARCH] The day too (results go back in time), the words found marked.
      const style: Style = entry.action ? 'action' : 'text';
      const paint = (row: string) => highlightTerms(row, entry.words, style, 'mention');
      return layoutRows([{ text: formatDateTime(entry.ts), style: 'history' }, ...head(entry.from, entry.action)], entry.text, paint, width);
    }
    case 'system':
      return layoutRows([{ text: formatTime(entry.ts), style: 'time' }, { text: '-!- ', style: entry.tone }], entry.text, entry.tone, width);
    default:
      return assertNever(entry);
  }
}

function head(nick: string, action: boolean): Span[] {
  const colour: Style = `nick:${nickColour(nick)}`;
  return action
    ? [{ text: '* ', style: 'action' }, { text: nick, style: colour }, { text: ' ', style: 'text' }]
    : [{ text: '<', style: 'time' }, { text: nick, style: colour }, { text: '> ', style: 'time' }];
}

/**
 * Puts the prefix on the first row and wraps `text` under it, indented by the prefix width; each
 * row of text drawn in `style`, or as `style` paints it.
 */
function layoutRows(prefix: readonly Span[], text: string, style: Style | ((row: string) => Span[]), width: number): Row[] {
  const paint = typeof style === 'function' ? style : (row: string): Span[] => [{ text: row, style }];
  const flat: Style = typeof style === 'function' ? 'text' : style;
  const prefixWidth = prefix.reduce((sum, span) => sum + textWidth(span.text), 0);
  const indent = prefixWidth <= width / 2 ? prefixWidth : Math.min(TIME_WIDTH, width - 2);
  if (prefixWidth > width - 2) {
    return wrapText(prefix.map((s) => s.text).join('') + text, width).map((row) => [{ text: row, style: flat }]);
  }
  const first = wrapText(text, width - prefixWidth)[0]!;
  const remainder = text.slice(first.length).trimStart();
  const rest = remainder === '' ? [] : wrapText(remainder, width - indent);
  const pad = ' '.repeat(indent);
  return [[...prefix, ...paint(first)], ...rest.map((row) => [{ text: pad, style: 'text' as const }, ...paint(row)])];
}
