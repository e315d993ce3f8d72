import { describe, expect, test } from 'vitest';
import { createTurnQueue } from '../../streams/turn-queue.js';

describe('[FLUSH-ONCE] createTurnQueue', () => {
  test('many deferred flushes in one turn schedule one callback and run in order', () => {
    const scheduled: (() => void)[] = [];
    const defer = createTurnQueue((run) => scheduled.push(run));
    const ran: number[] = [];
    for (let i = 0; i < 500; i++) defer(() => ran.push(i));
    expect(scheduled).toHaveLength(1);
    expect(ran).toEqual([]);
    scheduled[0]!();
    expect(ran).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  test('a flush deferred while the queue runs waits for the next turn', () => {
    const scheduled: (() => void)[] = [];
    const defer = createTurnQueue((run) => scheduled.push(run));
    const ran: string[] = [];
    defer(() => {
      ran.push('first');
      defer(() => ran.push('later'));
    });
    scheduled[0]!();
    expect(ran).toEqual(['first']);
    expect(scheduled).toHaveLength(2);
    scheduled[1]!();
    expect(ran).toEqual(['first', 'later']);
  });

  test('by default, every flush runs once, when the callback that queued them has returned', async () => {
    const defer = createTurnQueue();
    let count = 0;
    for (let i = 0; i < 10; i++) defer(() => count++);
    expect(count).toBe(0);
    await Promise.resolve();
    expect(count).toBe(10);
  });
});
