import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { BoundedHistory, WIDTH } from '../../src/bounded-history.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** A run of appends under one limit: few or many, so chunk boundaries and upper levels all occur. */
const run = (maxCount: number, maxLimit: number) =>
  fc.record({ count: fc.integer({ min: 1, max: maxCount }), limit: fc.integer({ min: 0, max: maxLimit }) });

/**
 * The plain-array model: everything appended, and where the kept window starts (the last `limit`
 * items, never reaching back past an earlier drop): what `appendBounded` kept, without its copy.
 */
function fold(runs: readonly { count: number; limit: number }[], check: (h: BoundedHistory<number>, model: readonly number[]) => void) {
  let history = deepFreeze(BoundedHistory.empty<number>());
  const all: number[] = [];
  let start = 0;
  const versions: [BoundedHistory<number>, number[]][] = [];
  for (const { count, limit } of runs) {
    for (let i = 0; i < count; i++) {
      history = deepFreeze(history.append(all.length, limit));
      all.push(all.length);
      start = Math.max(start, all.length - limit);
    }
    const model = all.slice(start);
    check(history, model);
    versions.push([history, model]);
  }
  // Older versions never change (they share chunks with the newer ones).
  for (const [version, items] of versions) expect(version.toJSON()).toEqual(items);
}

describe('[HISTORY-DEFAULT] BoundedHistory against a plain array', () => {
  test.prop([fc.array(run(80, 3 * WIDTH + 5), { maxLength: 40 }), fc.nat(120)])('size, items oldest first, last(n), iteration and JSON agree', (runs, n) => {
    fold(runs, (history, model) => {
      expect(history.size).toBe(model.length);
      expect(history.toJSON()).toEqual(model);
      expect([...history]).toEqual(model);
      expect(history.last(n)).toEqual(model.slice(Math.max(0, model.length - n)));
      expect(history.last(model.length + 1)).toEqual(model);
      expect(history.last(0)).toEqual([]);
      expect(JSON.stringify(history)).toBe(JSON.stringify(model));
      expect(history.heldItems()).toBeLessThanOrEqual(history.size + WIDTH - 1);
    });
  });

  // --history goes up to 10,000: chunks of chunks of chunks (WIDTH^2 = 1,024 items each) occur.
  test.prop([fc.array(run(12_000, 10_000), { minLength: 1, maxLength: 5 })], { numRuns: 25 })('holds with thousands of items (chunks of chunks)', (runs) => {
    fold(runs, (history, model) => {
      expect(history.size).toBe(model.length);
      expect(history.toJSON()).toEqual(model);
      expect(history.last(50)).toEqual(model.slice(-50));
      // Memory stays bounded by the limit: dropped messages do not pile up in upper levels.
      expect(history.heldItems()).toBeLessThanOrEqual(history.size + WIDTH - 1);
    });
  });

  test.prop([fc.array(run(300, 2 * WIDTH * WIDTH), { maxLength: 8 }), fc.array(run(200, 300), { maxLength: 5 })], { numRuns: 60 })(
    'a JSON round trip is exact: the same items, the same JSON, and the same future',
    (before, after) => {
      let history = BoundedHistory.empty<number>();
      let next = 0;
      for (const { count, limit } of before) for (let i = 0; i < count; i++) history = history.append(next++, limit);
      let restored = deepFreeze(BoundedHistory.fromJSON<number>(JSON.parse(JSON.stringify(history)) as number[]));
      expect(restored.toJSON()).toEqual(history.toJSON());
      expect(JSON.stringify(restored)).toBe(JSON.stringify(history));
      expect(restored).toEqual(history);
      for (const { count, limit } of after) {
        for (let i = 0; i < count; i++) {
          history = history.append(next, limit);
          restored = restored.append(next++, limit);
        }
        expect(restored.toJSON()).toEqual(history.toJSON());
        expect(restored.last(7)).toEqual(history.last(7));
      }
    },
  );
});

describe('BoundedHistory', () => {
  test('toEqual compares the items, not the chunks that hold them', () => {
    let shifted = BoundedHistory.empty<number>();
    for (let i = 0; i < 100; i++) shifted = shifted.append(i, 40);
    expect(shifted).toEqual(BoundedHistory.fromJSON(Array.from({ length: 40 }, (_, i) => 60 + i)));
    expect(shifted).not.toEqual(BoundedHistory.fromJSON(Array.from({ length: 40 }, (_, i) => 61 + i)));
    expect(BoundedHistory.fromJSON([])).toBe(BoundedHistory.empty());
  });

  test('a limit that is not a whole number >= 0 is our misuse: a TypeError that says so', () => {
    for (const limit of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => BoundedHistory.empty().append(1, limit)).toThrow(TypeError);
    }
    expect(() => BoundedHistory.empty().append(1, -1)).toThrow('history limit must be a whole number >= 0');
  });

  test('a limit that shrank drops everything past it at the next append; 0 keeps nothing', () => {
    const long = BoundedHistory.fromJSON([1, 2, 3, 4, 5]);
    expect(long.append(6, 2).toJSON()).toEqual([5, 6]);
    expect(long.append(6, 0)).toBe(BoundedHistory.empty());
  });
});
