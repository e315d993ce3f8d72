import { defer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import { reconnectWithBackoff } from '../../streams/client/reconnect-with-backoff.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Values: c = connected, f = frame, E = error stand-in, then retry markers as `r<attempt>:<delay>`. */
function options(ts: TestScheduler, delays: readonly number[] = [2, 4, 8]) {
  return reconnectWithBackoff<string>({
    delayFor: (attempt) => delays[Math.min(attempt, delays.length) - 1]!,
    isConnected: (v) => v === 'c',
    onRetry: (attempt, delay) => `r${attempt}:${delay}`,
    onError: () => 'E',
    scheduler: ts,
  });
}

describe('[TUI-RECONNECT] reconnectWithBackoff', () => {
  test('never: stays subscribed to the one connection, emits nothing', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<string>('-');
      expectObservable(source.pipe(options(ts)), '^ 20ms !').toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^ 20ms !');
    });
  });

  test('a value: passes it through unchanged', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold<string>('-c-f-f-').pipe(options(ts)), '^ 10ms !').toBe('-c-f-f-');
    });
  });

  test('empty (a drop at once): retries with growing delays, forever', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<string>('|');
      // subscribe at 0, wait 2; at 2, wait 4; at 6, wait 8; at 14, wait 8 (the schedule's ceiling)
      expectObservable(source.pipe(options(ts)), '^ 16ms !').toBe('a 1ms b 3ms c 7ms d', { a: 'r1:2', b: 'r2:4', c: 'r3:8', d: 'r4:8' });
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '--(^!)', '------(^!)', '--------------(^!)']);
    });
  });

  test('error (refused): reported as a value, then retried', () => {
    const ts = scheduler();
    ts.run(({ cold, flush }) => {
      const got: [number, string][] = [];
      const subscription = cold<string>('-#').pipe(options(ts)).subscribe((v) => got.push([ts.now(), v]));
      ts.schedule(() => subscription.unsubscribe(), 6);
      flush();
      // refused at 1, retry at 3, refused at 4, retry planned at 8 but unsubscribed at 6
      expect(got).toEqual([[1, 'E'], [1, 'r1:2'], [4, 'E'], [4, 'r2:4']]);
    });
  });

  test('many: a successful connection starts the attempt count again', () => {
    const ts = scheduler();
    ts.run(({ cold, flush }) => {
      const attempts = ['#', '#', 'c-|', '#'];
      let n = 0;
      const got: [number, string][] = [];
      const subscription = defer(() => cold<string>(attempts[n++] ?? '-')).pipe(options(ts)).subscribe((v) => got.push([ts.now(), v]));
      ts.schedule(() => subscription.unsubscribe(), 12);
      flush();
      expect(got).toEqual([[0, 'E'], [0, 'r1:2'], [2, 'E'], [2, 'r2:4'], [6, 'c'], [8, 'r1:2'], [10, 'E'], [10, 'r2:4']]);
      expect(n).toBe(4);
    });
  });

  test('early unsubscribe tears down the pending wait and the live connection', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<string>('-c---|');
      expectObservable(source.pipe(options(ts)), '^ 6ms !').toBe('-c---a', { a: 'r1:2', c: 'c' });
      expectSubscriptions(source.subscriptions).toBe(['^----!']);
    });
  });
});
