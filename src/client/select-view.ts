import type { ClientState } from './client-state.js';
import type { Row, Span, Style } from './format-entry.js';
import { layoutOf, MIN_COLS, MIN_ROWS } from './layout.js';
import { nickColour } from './nick-colour.js';
import { fitWidth, textWidth } from './text-width.js';

/**
 * [TUI-VIEW] Selectors from the client state to what the panes show, as styled spans: pure,
 * so the blessed view only maps styles to terminal attributes.
 */

/** The first row: the rooms the user is in (current one marked, unread counts, `!` for a mention) and the topic. */
export function selectTitle(state: ClientState): Row {
  const spans: Span[] = [{ text: ' rxchat ', style: 'info' }];
  for (const [name, room] of state.rooms) {
    const unread = room.unread > 0 ? `(${room.unread}${room.mentioned ? '!' : ''})` : '';
    const style: Style = name === state.room || room.mentioned ? 'mention' : room.unread > 0 ? 'join' : 'time';
    spans.push({ text: ' ', style: 'text' }, { text: `${name}${unread}`, style });
  }
  const topic = state.rooms.get(state.room)?.topic;
  if (topic) spans.push({ text: `  ${topic}`, style: 'topic' });
  return clip(spans, state.size.cols);
}

/** The status bar: server, connection, room, members, latency, pending messages, scroll. */
export function selectStatus(state: ClientState, below: number): Row {
  const { conn } = state;
  const link: Span = conn.status === 'online'
    ? { text: '● online', style: 'join' }
    : conn.status === 'connecting'
      ? { text: `◌ connecting${conn.attempt > 0 ? ` (attempt ${conn.attempt + 1})` : ''}`, style: 'topic' }
      : { text: `○ offline${conn.retryInMs !== undefined ? `, retry in ${(conn.retryInMs / 1000).toFixed(1)}s` : ''}${conn.cause ? ` (${conn.cause})` : ''}`, style: 'error' };
  const members = state.rooms.get(state.room)?.members.length ?? 0;
  const parts: Span[] = [
    { text: state.conn.server, style: 'text' }, link,
    { text: state.room, style: 'text' }, { text: `${members} member${members === 1 ? '' : 's'}`, style: 'text' },
  ];
  if (state.latencyMs !== undefined) parts.push({ text: `${state.latencyMs} ms`, style: 'text' });
  if (state.outbox.length > 0) parts.push({ text: `${state.outbox.length} pending`, style: 'pending' });
  if (state.nick !== undefined && state.phase !== 'prompt') parts.push({ text: state.nick, style: `nick:${nickColour(state.nick)}` });
  if (below > 0) parts.push({ text: `↓ ${below} more rows (End)`, style: 'mention' });
  const spans: Span[] = [{ text: ' ', style: 'text' }];
  parts.forEach((part, i) => spans.push(...(i === 0 ? [] : [{ text: ' │ ', style: 'time' as const }]), part));
  return clip(spans, state.size.cols);
}

/** The members pane: a heading, then one nick a row, own nick first-class; `+N more` if cut. */
export function selectMembers(state: ClientState, height: number, width: number): Row[] {
  const members = state.rooms.get(state.room)?.members ?? [];
  const rows: Row[] = [[{ text: fitWidth(`${members.length} in ${state.room}`, width), style: 'time' }]];
  const room = height - 1;
  const shown = members.length > room ? members.slice(0, Math.max(0, room - 1)) : members;
  for (const nick of shown) {
    const style: Style = nick === state.nick ? 'mention' : `nick:${nickColour(nick)}`;
    rows.push([{ text: fitWidth(nick, width), style }]);
  }
  if (shown.length < members.length) rows.push([{ text: `+${members.length - shown.length} more`, style: 'time' }]);
  return rows;
}

/** The input line: a prompt, then the part of the text around the cursor that fits. */
export function selectInput(state: ClientState): { readonly prompt: Span; readonly before: string; readonly at: string; readonly after: string } {
  const prompt: Span = state.phase === 'prompt'
    ? { text: 'nickname (3-10 letters, digits, _ or -): ', style: 'mention' }
    : { text: `[${state.room}] `, style: state.conn.status === 'online' && state.registered ? 'time' : 'error' };
  const avail = Math.max(4, state.size.cols - textWidth(prompt.text) - 1);
  const { chars, cursor } = state.input;
  let start = 0;
  let used = chars.slice(0, cursor).reduce((sum, ch) => sum + textWidth(ch), 0);
  while (used > avail - 1 && start < cursor) used -= textWidth(chars[start++]!);
  const before = chars.slice(start, cursor).join('');
  const at = chars[cursor] ?? ' ';
  const after = fitWidth(chars.slice(cursor + 1).join(''), Math.max(0, avail - used - textWidth(at)));
  return { prompt, before, at, after };
}

/** The notice shown instead of the panes when the terminal is below the minimum size. */
export function selectTooSmall(state: ClientState): string | undefined {
  return layoutOf(state.size).tooSmall ? `terminal too small: need ${MIN_COLS}x${MIN_ROWS}` : undefined;
}

/** Cuts spans to `width` cells. */
function clip(spans: readonly Span[], width: number): Row {
  const out: Span[] = [];
  let left = width;
  for (const span of spans) {
    if (left <= 0) break;
    const text = fitWidth(span.text, left);
    out.push({ text, style: span.style });
    left -= textWidth(text);
  }
  return out;
}
