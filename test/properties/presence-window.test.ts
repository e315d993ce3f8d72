import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  PRESENCE_STORM_MAX_MS, PRESENCE_STORM_SPACINGS, PRESENCE_WINDOW_MAX_MS, presenceWindowEnd, presenceWindowMs,
} from '../../src/presence-frames.js';

/** [PRESENCE-WINDOW] The timing rules of a room's presence window, as properties. */
const base = fc.integer({ min: 0, max: 5_000 });
const members = fc.integer({ min: 0, max: 100_000 });
const time = fc.integer({ min: 0, max: 1_000_000 });
/** A window: opened, then its latest change `gap` later; the room's previous spacing ends at `notBefore`. */
const window = fc.record({ openedAt: time, gap: fc.integer({ min: 0, max: 10_000 }), notBefore: fc.oneof(fc.constant(-Infinity), time) })
  .map(({ openedAt, gap, notBefore }) => ({ openedAt, lastAt: openedAt + gap, notBefore }));
const longestOf = (b: number, n: number) => Math.max(presenceWindowMs(b, n), Math.min(PRESENCE_STORM_MAX_MS, presenceWindowMs(b, n) * PRESENCE_STORM_SPACINGS));

describe('[PRESENCE-WINDOW-SCALE] the spacing of a room', () => {
  test.prop([base, members, members])('at least the base, at most the base or a second, and growing with the room', (b, n, m) => {
    const spacing = presenceWindowMs(b, n);
    expect(spacing).toBeGreaterThanOrEqual(b);
    expect(spacing).toBeLessThanOrEqual(Math.max(b, PRESENCE_WINDOW_MAX_MS));
    if (n <= m) expect(spacing).toBeLessThanOrEqual(presenceWindowMs(b, m));
  });
});

describe('[PRESENCE-WINDOW] when a window ends', () => {
  test.prop([window, base, members])('never before the spacing since the room was last told', (w, b, n) => {
    expect(presenceWindowEnd(w, b, n)).toBeGreaterThanOrEqual(w.notBefore);
  });

  test.prop([window, base, members])('otherwise as soon as the room is quiet for the base, and at its longest in a storm', (w, b, n) => {
    const end = presenceWindowEnd(w, b, n);
    const longest = longestOf(b, n);
    expect(end).toBeLessThanOrEqual(Math.max(w.notBefore, w.lastAt + b));
    expect(end).toBeLessThanOrEqual(Math.max(w.notBefore, w.openedAt + longest));
    expect(longest).toBeLessThanOrEqual(Math.max(PRESENCE_STORM_MAX_MS, presenceWindowMs(b, n)));
    // The later of the two bounds that apply: one of them is where it ends.
    expect([w.notBefore, w.lastAt + b, w.openedAt + longest]).toContain(end);
  });

  test.prop([time, base, members])('a lone change in a room not told lately is told after the base', (t, b, n) => {
    expect(presenceWindowEnd({ openedAt: t, lastAt: t, notBefore: -Infinity }, b, n)).toBe(t + b);
  });

  test.prop([window, fc.integer({ min: 0, max: 10_000 }), base, members])('a later change never ends the window sooner', (w, more, b, n) => {
    expect(presenceWindowEnd({ ...w, lastAt: w.lastAt + more }, b, n)).toBeGreaterThanOrEqual(presenceWindowEnd(w, b, n));
  });

  test.prop([time, base, members])('changes that never pause end it at its longest: a storm is told at least that often', (t, b, n) => {
    const longest = longestOf(b, n);
    expect(presenceWindowEnd({ openedAt: t, lastAt: t + longest, notBefore: -Infinity }, b, n)).toBe(t + longest);
  });
});
