import { describe, test } from 'vitest';
import { watchIdle } from '../../streams/watch-idle.js';
import { createTestScheduler } from '../helpers/test-scheduler.js';

// Inside TestScheduler.run, timers run on virtual time, so `watchIdle`'s default scheduler is virtual too.
describe('[IDLE] watchIdle', () => {
  test('never: ping after the idle time, timeout after the grace, and the source stays subscribed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-');
      expectObservable(source.pipe(watchIdle(5, 3))).toBe('-----p--t', { p: 'ping', t: 'timeout' });
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('empty: completes at once, no signal', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('|');
      expectObservable(source.pipe(watchIdle(5, 3))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  test('one value: activity restarts the count', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('---a');
      // idle 5 after `a` at frame 3: ping at 8, timeout at 11.
      expectObservable(source.pipe(watchIdle(5, 3))).toBe('--------p--t', { p: 'ping', t: 'timeout' });
    });
  });

  test('many: steady activity never pings; an answer after the ping cancels the timeout', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-a-a-a------a');
      // Last `a` before the gap at 7: ping at 12; the answer at 14 restarts the count: ping at 19, timeout at 22.
      expectObservable(source.pipe(watchIdle(5, 3))).toBe('------------p------p--t', { p: 'ping', t: 'timeout' });
    });
  });

  test('error: passes the source error on and drops the pending count', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('--#', undefined, new Error('reset'));
      expectObservable(source.pipe(watchIdle(5, 3))).toBe('--#', undefined, new Error('reset'));
    });
  });

  test('completion ends the watch even with a count pending', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-|');
      expectObservable(source.pipe(watchIdle(5, 3))).toBe('---|');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  test('early unsubscribe tears the source down', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-a-a-a');
      expectObservable(source.pipe(watchIdle(5, 3)), '^---!').toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });
});
