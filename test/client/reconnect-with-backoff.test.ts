import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import { reconnectWithBackoff } from '../../streams/client/reconnect-with-backoff.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/**
 * Values: c = connected, f = frame, E = error stand-in, then retry markers as `r<attempt>:<delay>`.
 * One server, whose every failure ends a round: the schedule as it was before server lists.
 */
function options(ts: TestScheduler, delays: readonly number[] = [2, 4, 8]) {
  return (source: Observable<string>) => reconnectWithBackoff<string>(() => source, {
    delayFor: (wait) => (wait.kind === 'hop' ? 0 : delays[Math.min(wait.round, delays.length) - 1]!),
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

describe('[SERVER-FAILOVER] reconnectWithBackoff over a list of servers', () => {
  /** Three servers; each attempt's marble comes from `script` by server, in turn; hops wait 1, rounds 10, 20. */
  function across(ts: TestScheduler, script: Record<number, string[]>, hop = 1) {
    const tried: [number, number][] = [];
    const failures: [number, boolean][] = [];
    const source = reconnectWithBackoff<string>((server) => defer(() => {
      tried.push([ts.now(), server]);
      return ts.createColdObservable<string>(script[server]!.shift() ?? '-');
    }), {
      servers: 3,
      delayFor: (wait) => (wait.kind === 'hop' ? hop : wait.round * 10),
      isConnected: (v) => v === 'c',
      onRetry: (attempt, delay, server) => `r${attempt}:${delay}@${server}`,
      onError: (_, failure) => {
        failures.push([failure.server, failure.roundOver]);
        return 'E';
      },
      scheduler: ts,
    });
    return { source, tried, failures };
  }

  /** Runs `source` until `until`, collecting `[time, value]`. */
  function collect(ts: TestScheduler, source: Observable<string>, until: number): [number, string][] {
    const got: [number, string][] = [];
    const subscription = source.subscribe((v) => got.push([ts.now(), v]));
    ts.schedule(() => subscription.unsubscribe(), until);
    ts.flush();
    return got;
  }

  test('all refuse: each server once quickly, then a backoff between rounds', () => {
    const ts = scheduler();
    ts.run(() => {
      const { source, tried, failures } = across(ts, { 0: ['#', '#'], 1: ['#', '#'], 2: ['#', '#'] });
      expect(collect(ts, source, 30)).toEqual([
        [0, 'E'], [0, 'r1:1@1'], [1, 'E'], [1, 'r2:1@2'], [2, 'E'], [2, 'r3:10@0'],
        [12, 'E'], [12, 'r4:1@1'], [13, 'E'], [13, 'r5:1@2'], [14, 'E'], [14, 'r6:20@0'],
      ]);
      expect(tried).toEqual([[0, 0], [1, 1], [2, 2], [12, 0], [13, 1], [14, 2]]);
      expect(failures).toEqual([[0, false], [1, false], [2, true], [0, false], [1, false], [2, true]]);
    });
  });

  test('a drop moves on to the next server at once, and a success there starts the counts again', () => {
    const ts = scheduler();
    ts.run(() => {
      // 0 connects and drops at 2; 1 refuses at 3; 2 connects at 4 and drops at 6; then 0 again at 7.
      const { source, tried } = across(ts, { 0: ['-c|', 'c'], 1: ['#'], 2: ['c-|'] });
      expect(collect(ts, source, 10)).toEqual([
        [1, 'c'], [2, 'r1:1@1'], [3, 'E'], [3, 'r2:1@2'], [4, 'c'], [6, 'r1:1@0'], [7, 'c'],
      ]);
      expect(tried).toEqual([[0, 0], [3, 1], [4, 2], [7, 0]]);
    });
  });

  test('early unsubscribe during a hop: no further server is tried', () => {
    const ts = scheduler();
    ts.run(() => {
      const { source, tried } = across(ts, { 0: ['#'], 1: ['-'], 2: ['-'] }, 5);
      expect(collect(ts, source, 2)).toEqual([[0, 'E'], [0, 'r1:5@1']]);
      ts.flush();
      expect(tried).toEqual([[0, 0]]);
    });
  });
});
