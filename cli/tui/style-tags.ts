import type { Row, Span, Style } from '../../src/client/format-entry.js';

/** [TUI-STYLE] Blessed tags for each style: the one place colours are chosen. */
const TAGS: Readonly<Record<Style, readonly [string, string]>> = {
  text: ['', ''],
  time: ['{gray-fg}', '{/gray-fg}'],
  pending: ['{gray-fg}', '{/gray-fg}'],
  failed: ['{red-fg}', '{/red-fg}'],
  mention: ['{bold}{yellow-fg}', '{/yellow-fg}{/bold}'],
  action: ['{magenta-fg}', '{/magenta-fg}'],
  private: ['{light-magenta-fg}', '{/light-magenta-fg}'],
  history: ['{gray-fg}', '{/gray-fg}'],
  info: ['{cyan-fg}', '{/cyan-fg}'],
  join: ['{green-fg}', '{/green-fg}'],
  leave: ['{gray-fg}', '{/gray-fg}'],
  error: ['{red-fg}', '{/red-fg}'],
  help: ['{cyan-fg}', '{/cyan-fg}'],
  topic: ['{yellow-fg}', '{/yellow-fg}'],
  'nick:red': ['{red-fg}', '{/red-fg}'],
  'nick:green': ['{green-fg}', '{/green-fg}'],
  'nick:yellow': ['{yellow-fg}', '{/yellow-fg}'],
  'nick:blue': ['{blue-fg}', '{/blue-fg}'],
  'nick:magenta': ['{magenta-fg}', '{/magenta-fg}'],
  'nick:cyan': ['{cyan-fg}', '{/cyan-fg}'],
  'nick:light-red': ['{light-red-fg}', '{/light-red-fg}'],
  'nick:light-green': ['{light-green-fg}', '{/light-green-fg}'],
  'nick:light-blue': ['{light-blue-fg}', '{/light-blue-fg}'],
  'nick:light-magenta': ['{light-magenta-fg}', '{/light-magenta-fg}'],
  'nick:light-cyan': ['{light-cyan-fg}', '{/light-cyan-fg}'],
};

/** Text with blessed's tag braces escaped, so a peer cannot inject markup. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}

/** One span as tagged text. */
export function spanTags(span: Span): string {
  if (span.text === '') return '';
  const [open, close] = TAGS[span.style];
  return `${open}${escapeTags(span.text)}${close}`;
}

/** One row as tagged text. */
export function rowTags(row: Row): string {
  return row.map(spanTags).join('');
}
