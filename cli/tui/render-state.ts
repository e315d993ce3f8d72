import type { Widgets } from 'blessed';
import type { ClientState } from '../../src/client/client-state.js';
import { layoutOf } from '../../src/client/layout.js';
import { textWidth } from '../../src/client/text-width.js';
import { selectMessageWindow } from '../../src/client/select-messages.js';
import { selectInput, selectMembers, selectStatus, selectTitle, selectTooSmall } from '../../src/client/select-view.js';
import type { TuiScreen } from './create-screen.js';
import { repaintWideRows } from './repaint-wide-rows.js';
import { escapeTags, type Palette } from './style-tags.js';

function place(el: Widgets.BoxElement, top: number, left: number, width: number, height: number, content: string): void {
  el.top = top;
  el.left = left;
  el.width = width;
  el.height = height;
  el.setContent(content);
  el.show();
}

/**
 * [TUI-RENDER] Draws a state: the panes at the positions `layoutOf` gives, their contents from
 * the selectors, then one `screen.render()` (blessed writes only the cells that changed).
 */
export function renderState(ui: TuiScreen, state: ClientState, palette: Palette): void {
  const layout = layoutOf(state.size);
  const small = selectTooSmall(state);
  for (const el of [ui.title, ui.messages, ui.members, ui.status, ui.input]) {
    if (small !== undefined) el.hide();
  }
  if (small !== undefined) {
    place(ui.notice, 0, 0, layout.cols, layout.rows, escapeTags(small));
    ui.screen.render();
    return;
  }
  ui.notice.hide();
  const { cols, rows, messagesWidth, messagesHeight, membersWidth } = layout;
  const window = selectMessageWindow(state);
  const padding = Array.from({ length: messagesHeight - window.rows.length }, () => '');
  place(ui.title, 0, 0, cols, 1, palette.row(selectTitle(state)));
  place(ui.messages, 1, 0, messagesWidth, messagesHeight, [...padding, ...window.rows.map((row) => palette.row(row))].join('\n'));
  const wide = window.rows.flatMap((row, i) => (row.some((s) => textWidth(s.text) !== s.text.length) ? [1 + padding.length + i] : []));
  if (membersWidth > 0) {
    const [open, close] = palette.quiet;
    const border = `${open}│${close}`;
    const list = selectMembers(state, messagesHeight, membersWidth - 2).map((row) => `${border} ${palette.row(row)}`);
    while (list.length < messagesHeight) list.push(border);
    place(ui.members, 1, messagesWidth, membersWidth, messagesHeight, list.join('\n'));
  } else ui.members.hide();
  place(ui.status, rows - 2, 0, cols, 1, palette.row(selectStatus(state, window.below)));
  const input = selectInput(state);
  place(ui.input, rows - 1, 0, cols, 1, `${palette.span(input.prompt)}${escapeTags(input.before)}{inverse}${escapeTags(input.at)}{/inverse}${escapeTags(input.after)}`);
  repaintWideRows(ui.screen, wide);
  ui.screen.render();
}
