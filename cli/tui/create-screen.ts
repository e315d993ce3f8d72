import blessed from 'blessed';
import type { Widgets } from 'blessed';
import { patchBlessedWidth } from './patch-blessed-width.js';

/** The blessed screen and the boxes the client draws into. */
export interface TuiScreen {
  readonly screen: Widgets.Screen;
  readonly title: Widgets.BoxElement;
  readonly messages: Widgets.BoxElement;
  readonly members: Widgets.BoxElement;
  readonly status: Widgets.BoxElement;
  readonly input: Widgets.BoxElement;
  readonly notice: Widgets.BoxElement;
}

function box(screen: Widgets.Screen, style: Widgets.Types.TStyle = {}): Widgets.BoxElement {
  return blessed.box({ parent: screen, top: 0, left: 0, width: 1, height: 1, tags: true, wrap: false, style });
}

/**
 * Opens the full-screen terminal (alternate screen, raw keys, mouse) and creates the panes.
 * Positions are set by each render from `layoutOf`, so resizing re-lays the screen.
 * `screen.destroy()` gives the terminal back as it was.
 */
export function createTuiScreen(): TuiScreen {
  patchBlessedWidth();
  const screen = blessed.screen({
    smartCSR: true, fullUnicode: true, autoPadding: false, warnings: false, title: 'rxchat',
    dockBorders: false, forceUnicode: true, ignoreLocked: ['C-c'],
  });
  // Draw box characters as UTF-8, not through the ACS charset: copies and captures stay readable.
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  screen.program.hideCursor();
  screen.enableMouse();
  return {
    screen,
    title: box(screen, { bg: 'blue', fg: 'white' }),
    messages: box(screen),
    members: box(screen),
    status: box(screen, { bg: 'blue', fg: 'white' }),
    input: box(screen),
    notice: box(screen, { fg: 'yellow' }),
  };
}
