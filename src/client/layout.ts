/**
 * [TUI-LAYOUT] Where each pane goes for a terminal size: a title bar on the first row, the
 * messages pane and (when there is room) the members pane, then the status bar and the input
 * line. Below the minimum size the view says so instead of drawing a broken screen.
 */

/** The smallest width drawn. */
export const MIN_COLS = 40;
/** The smallest height drawn. */
export const MIN_ROWS = 8;
/** The members pane appears from this many columns; its width includes its left border. */
export const MEMBERS_FROM_COLS = 64;
/** Width of the members pane, its border included. */
export const MEMBERS_WIDTH = 18;

/** Pane sizes for one terminal size. */
export interface Layout {
  readonly tooSmall: boolean;
  readonly cols: number;
  readonly rows: number;
  readonly messagesWidth: number;
  readonly messagesHeight: number;
  /** 0 when the members pane is hidden. */
  readonly membersWidth: number;
}

/** The layout of a `cols` x `rows` terminal. */
export function layoutOf(size: { readonly cols: number; readonly rows: number }): Layout {
  const { cols, rows } = size;
  const tooSmall = cols < MIN_COLS || rows < MIN_ROWS;
  const membersWidth = cols >= MEMBERS_FROM_COLS ? MEMBERS_WIDTH : 0;
  return {
    tooSmall, cols, rows,
    messagesWidth: Math.max(2, cols - membersWidth),
    messagesHeight: Math.max(1, rows - 3),
    membersWidth,
  };
}
