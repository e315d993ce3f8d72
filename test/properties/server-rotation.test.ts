import { fc, test } from '@fast-check/vitest';
import { describe, expect, test as plainTest } from 'vitest';
import { initialRotation, rotationConnected, rotationFailed, type RotationWait, type ServerRotation } from '../../src/client/server-rotation.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** A list size, a first server, and what happens to each attempt: true = it connected, false = it failed or dropped. */
const scenario = fc.integer({ min: 1, max: 16 }).chain((count) => fc.tuple(
  fc.constant(count), fc.nat({ max: count - 1 }), fc.array(fc.boolean(), { maxLength: 100 }),
));

/** Plays the outcomes, returning the server each attempt used and the wait after each failure. */
function play(count: number, start: number, outcomes: readonly boolean[]) {
  let rotation: ServerRotation = deepFreeze(initialRotation(count, start));
  const steps: { server: number; connected: boolean; wait?: RotationWait; rotation: ServerRotation }[] = [];
  for (const connected of outcomes) {
    const server = rotation.current;
    if (connected) {
      rotation = deepFreeze(rotationConnected(rotation));
      steps.push({ server, connected, rotation });
      // A connection that works drops later: the next attempt follows that drop.
      const step = rotationFailed(rotation);
      rotation = deepFreeze(step.rotation);
      steps[steps.length - 1] = { server, connected, wait: step.wait, rotation };
    } else {
      const step = rotationFailed(rotation);
      rotation = deepFreeze(step.rotation);
      steps.push({ server, connected, wait: step.wait, rotation });
    }
  }
  return steps;
}

describe('[SERVER-FAILOVER] server rotation', () => {
  test.prop([scenario])('round robin: each attempt uses the server after the one before, from the first given', ([count, start, outcomes]) => {
    play(count, start, outcomes).forEach((step, i) => expect(step.server).toBe((start + i) % count));
  });

  test.prop([scenario])('a backoff comes exactly when every server has failed in a row since the last connection, numbered by rounds', ([count, start, outcomes]) => {
    let inARow = 0;
    for (const step of play(count, start, outcomes)) {
      inARow = step.connected ? 1 : inARow + 1;
      const expected: RotationWait = inARow % count === 0 ? { kind: 'backoff', round: inARow / count } : { kind: 'hop' };
      expect(step.wait).toEqual(expected);
      expect(step.rotation.failures).toBe(inARow);
      expect(step.rotation.rounds).toBe(Math.floor(inARow / count));
      expect(step.rotation.current).toBeGreaterThanOrEqual(0);
      expect(step.rotation.current).toBeLessThan(count);
    }
  });

  test.prop([fc.array(fc.boolean(), { maxLength: 60 })])('one server: every failure is a backoff whose round counts failures, as before server lists', (outcomes) => {
    let inARow = 0;
    for (const step of play(1, 0, outcomes)) {
      inARow = step.connected ? 1 : inARow + 1;
      expect(step.server).toBe(0);
      expect(step.wait).toEqual({ kind: 'backoff', round: inARow });
    }
  });

  test.prop([fc.integer({ min: 1, max: 16 })])('connecting with nothing to forget returns the same reference', (count) => {
    const fresh = initialRotation(count);
    expect(rotationConnected(fresh)).toBe(fresh);
  });

  plainTest('our own misuse is a TypeError that says what to fix', () => {
    expect(() => initialRotation(0)).toThrow(/at least one server/);
    expect(() => initialRotation(1.5)).toThrow(TypeError);
    expect(() => initialRotation(3, 3)).toThrow(/index below 3/);
  });
});
