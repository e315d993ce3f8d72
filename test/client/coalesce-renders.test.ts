import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import { coalesceRenders } from '../../streams/client/coalesce-renders.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('[TUI-THROTTLE] coalesceRenders', () => {
  test('never: nothing to draw', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-');
      expectObservable(source.pipe(coalesceRenders(3, ts))).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('empty: completes', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('|').pipe(coalesceRenders(3, ts))).toBe('|');
    });
  });

  test('one state: drawn at once', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a----|').pipe(coalesceRenders(3, ts))).toBe('a----|');
    });
  });

  test('a burst: the first at once, then only the newest at the end of each interval', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('(abcdefg)-------').pipe(coalesceRenders(3, ts))).toBe('a--g---');
      expectObservable(cold('abcdefgh--------').pipe(coalesceRenders(3, ts))).toBe('a--d--g--h------');
    });
  });

  test('the same state twice is drawn once', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const state = { n: 1 };
      expectObservable(cold('a---a---a', { a: state }).pipe(coalesceRenders(2, ts))).toBe('a--------', { a: state });
    });
  });

  test('error: passed on', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#').pipe(coalesceRenders(3, ts))).toBe('a-#');
    });
  });

  test('early unsubscribe: the source is released', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-d-e');
      expectObservable(source.pipe(coalesceRenders(3, ts)), '^--!').toBe('a--');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});
