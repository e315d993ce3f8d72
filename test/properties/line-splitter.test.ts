import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { initialSplitState, splitLines, type SplitItem } from '../../src/line-splitter.js';
import { chunkAt } from '../helpers/arbitraries.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function splitAll(chunks: Uint8Array[], max: number): SplitItem[] {
  let state = initialSplitState;
  const items: SplitItem[] = [];
  for (const c of chunks) {
    const r = splitLines(state, c, max);
    state = r.state;
    items.push(...r.items);
  }
  return items;
}

const show = (items: readonly SplitItem[]) => items.map((i) => (i.kind === 'line' ? decoder.decode(i.bytes) : '<overflow>'));
const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));

describe('[FRAMING] splitLines', () => {
  test.prop([fc.array(line, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 })])(
    'any chunking of the same bytes gives the same lines',
    (lines, cuts) => {
      const bytes = encoder.encode(lines.map((l) => l + '\n').join(''));
      expect(show(splitAll(chunkAt(bytes, cuts), 1 << 20))).toEqual(lines);
    },
  );

  test.prop([fc.array(line, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), fc.integer({ min: 1, max: 60 })])(
    'lines over the limit become one overflow each, and the carry never passes the limit',
    (lines, cuts, max) => {
      const bytes = encoder.encode(lines.map((l) => l + '\n').join(''));
      let state = initialSplitState;
      const items: SplitItem[] = [];
      for (const c of chunkAt(bytes, cuts)) {
        const r = splitLines(state, c, max);
        state = r.state;
        items.push(...r.items);
        expect(state.carry.length).toBeLessThanOrEqual(max + 1);
      }
      expect(show(items)).toEqual(lines.map((l) => (encoder.encode(l).length > max ? '<overflow>' : l)));
    },
  );

  test('CRLF endings are stripped, a lone CR inside a line is kept', () => {
    expect(show(splitLines(initialSplitState, encoder.encode('a\r\nb\rc\n'), 100).items)).toEqual(['a', 'b\rc']);
  });
});
