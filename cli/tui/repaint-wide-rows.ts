import type { Widgets } from 'blessed';
import { codePointWidth } from '../../src/client/text-width.js';

type Cell = [number, string];
interface ScreenBuffers {
  olines?: Cell[][];
}

function hasWide(cells: readonly Cell[]): boolean {
  for (const cell of cells) {
    const ch = cell[1];
    if (ch.length > 1 || ch === '\x03' || (ch !== '' && codePointWidth(ch.codePointAt(0)!) === 2)) return true;
  }
  return false;
}

/**
 * [TUI-WIDTH] Blessed redraws only the cells that changed and moves the cursor over the others,
 * which goes wrong on rows where a double-width character was or will be (it can leave a stale
 * cell or drop one). Forgetting what those rows showed makes the next draw rewrite them whole.
 * `rows` are the screen rows whose new content has double-width characters.
 */
export function repaintWideRows(screen: Widgets.Screen, rows: Iterable<number>): void {
  const olines = (screen as unknown as ScreenBuffers).olines;
  if (!olines) return;
  const forget = (y: number) => {
    for (const cell of olines[y] ?? []) cell[1] = '\0';
  };
  for (const y of rows) forget(y);
  olines.forEach((cells, y) => {
    if (hasWide(cells)) forget(y);
  });
}
