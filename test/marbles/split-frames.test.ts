import { map } from 'rxjs';
import { describe, test } from 'vitest';
import { splitFrames } from '../../streams/split-frames.js';
import { bytes, createTestScheduler, showItem } from '../helpers/test-scheduler.js';

const split = (max = 64) => splitFrames(max);

describe('[FRAMING] splitFrames', () => {
  test('never: emits nothing, stays subscribed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Uint8Array>('-');
      expectObservable(source.pipe(split(), map(showItem))).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('empty: completes at once and unsubscribes', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Uint8Array>('|');
      expectObservable(source.pipe(split(), map(showItem))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  test('one value: one line', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a|', { a: bytes('hello\n') });
      expectObservable(source.pipe(split(), map(showItem))).toBe('-x|', { x: 'hello' });
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  test('many: a line split across chunks (mid-UTF-8 too) waits for its end; several lines in one chunk come out together', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const e = bytes('é');
      const source = cold('-a-b-c----d|', { a: bytes('caf'), b: Uint8Array.of(e[0]!), c: Uint8Array.of(e[1]!, 0x0a, 0x61, 0x0a, 0x62), d: bytes('\r\n') });
      expectObservable(source.pipe(split(), map(showItem))).toBe('-----(xy)-z|', { x: 'café', y: 'a', z: 'b' });
    });
  });

  test('an over-long line is one overflow, at once, and the next line is read normally', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c|', { a: bytes('0123456789'), b: bytes('more\nok'), c: bytes('\n') });
      expectObservable(source.pipe(split(4), map(showItem))).toBe('-o---x|', { o: '<overflow>', x: 'ok' });
    });
  });

  test('an unterminated tail at completion is dropped', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a|', { a: bytes('one\ntwo') });
      expectObservable(source.pipe(split(), map(showItem))).toBe('-x|', { x: 'one' });
    });
  });

  test('error: passed on, after the lines before it; teardown follows', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-#', { a: bytes('hi\n') }, new Error('ECONNRESET'));
      expectObservable(source.pipe(split(), map(showItem))).toBe('-x-#', { x: 'hi' }, new Error('ECONNRESET'));
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  test('never-ending source: lines keep coming, no completion', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-a-', { a: bytes('x\n') });
      expectObservable(source.pipe(split(), map(showItem))).toBe('-x-x-x-', { x: 'x' });
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('early unsubscribe: the source is unsubscribed too', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-a-a|', { a: bytes('x\n') });
      expectObservable(source.pipe(split(), map(showItem)), '^--!').toBe('-x-', { x: 'x' });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  test('no state is shared between subscriptions', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b|', { a: bytes('half'), b: bytes(' line\n') });
      const lines$ = source.pipe(split(), map(showItem));
      expectObservable(lines$).toBe('---x|', { x: 'half line' });
      expectObservable(lines$).toBe('---x|', { x: 'half line' });
    });
  });
});
