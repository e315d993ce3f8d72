import { createRequire } from 'node:module';
import { codePointWidth } from '../../src/client/text-width.js';

interface BlessedUnicode {
  charWidth(str: string | number, i?: number): number;
  codePointAt(str: string, i: number): number;
  chars: { all: unknown };
}

let patched = false;

/** Puts blessed's one-cell filler (`\x03`) after every double-width character. */
function padWide(text: string): string {
  let out = '';
  for (const ch of text) {
    out += ch;
    if (codePointWidth(ch.codePointAt(0)!) === 2) out += '\x03';
  }
  return out;
}

/**
 * [TUI-WIDTH] Makes blessed measure characters as the client does (`codePointWidth`): blessed's
 * own table predates emoji, so it draws 🎉 as one cell where the terminal uses two, shifting the
 * rest of the row and wrapping its last cell onto the next. Patches the two places blessed asks
 * (the width of a cell, and which characters get a filler cell); idempotent.
 */
export function patchBlessedWidth(): void {
  if (patched) return;
  patched = true;
  const unicode = createRequire(import.meta.url)('blessed/lib/unicode.js') as BlessedUnicode;
  const original = unicode.charWidth.bind(unicode);
  unicode.charWidth = (str, i) => {
    const point = typeof str === 'number' ? str : unicode.codePointAt(str, i ?? 0);
    return point === 0x09 ? original(str, i) : codePointWidth(point);
  };
  unicode.chars.all = { [Symbol.replace]: (text: string) => padWide(text) };
}
