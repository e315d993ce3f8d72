import { map } from 'rxjs';
import { describe, test } from 'vitest';
import { legacyAdapter } from '../../streams/adapters/legacy-adapter.js';
import { boundTo, sniffMainPort } from '../../streams/adapters/registry.js';
import { frameInbound } from '../../streams/frame-inbound.js';
import { bytes, createTestScheduler, showItem } from '../helpers/test-scheduler.js';

const inbound = (max = 64) => frameInbound(sniffMainPort, { maxFrameBytes: max, maxTextLength: max });

describe('[SNIFF] [FRAMING] frameInbound', () => {
  test('never: emits nothing, stays subscribed', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Uint8Array>('-');
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('empty: completes at once', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Uint8Array>('|');
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  test('one value: a native hello says the protocol, then its line', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a---|', { a: bytes('{"type":"hello"}\n') });
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('-(px)|', { p: '<native>', x: '{"type":"hello"}' });
    });
  });

  test('many: blanks first are not enough to tell; native lines then wait for their LF', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d|', { a: bytes(' \r\n'), b: bytes('{"a"'), c: bytes(':1}\n{'), d: bytes('}\n') });
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('---p-x-y|', { p: '<native>', x: '{"a":1}', y: '{}' });
    });
  });

  test('[LEGACY-FRAMING] legacy packets are lines without LF; a character split across reads waits', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const e = bytes('é');
      const source = cold('-a----b-c-d|', { a: bytes('bob'), b: bytes('hi there\n'), c: Uint8Array.of(0x63, e[0]!), d: Uint8Array.of(e[1]!) });
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('-(pn)-x---y|', { p: '<legacy>', n: 'bob', x: 'hi there', y: 'cé' });
    });
  });

  test('[FRAMING] [LEGACY-STREAM] an over-long native line is one overflow item; a legacy one is cut at the text limit, never refused', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const native = cold('-a----b|', { a: bytes('{' + 'x'.repeat(20)), b: bytes('x'.repeat(20) + '\n{}\n') });
      expectObservable(native.pipe(inbound(16), map(showItem))).toBe('-(po)-x|', { p: '<native>', o: '<overflow>', x: '{}' });
      const legacy = cold('-a------|', { a: bytes('y'.repeat(40)) });
      expectObservable(legacy.pipe(inbound(16), map(showItem))).toBe('-(pxxy)-|', { p: '<legacy>', x: 'y'.repeat(16), y: 'y'.repeat(8) });
    });
  });

  test('error: passed on after what came before; teardown follows', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a----#', { a: bytes('{}\n') }, new Error('ECONNRESET'));
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('-(px)-#', { p: '<native>', x: '{}' }, new Error('ECONNRESET'));
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  test('never-ending source: keeps going', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a----b-b-', { a: bytes('bob'), b: bytes('hi') });
      expectObservable(source.pipe(inbound(), map(showItem))).toBe('-(pn)-x-x-', { p: '<legacy>', n: 'bob', x: 'hi' });
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('early unsubscribe: the source is unsubscribed too', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a----b-b-b|', { a: bytes('{}\n'), b: bytes('{}\n') });
      expectObservable(source.pipe(inbound(), map(showItem)), '^------!').toBe('-(px)-x-', { p: '<native>', x: '{}' });
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });

  test('each subscription sniffs afresh', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const lines$ = cold('-a---|', { a: bytes('bob') }).pipe(inbound(), map(showItem));
      expectObservable(lines$).toBe('-(pn)|', { p: '<legacy>', n: 'bob' });
      expectObservable(lines$).toBe('-(pn)|', { p: '<legacy>', n: 'bob' });
    });
  });

  test('[ADAPTER] a listener bound to one adapter says so at once, and never sniffs: a `{` is a legacy line there', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('--a-|', { a: bytes('{"type":"hello"}\n') });
      const bound = frameInbound(boundTo(legacyAdapter), { maxFrameBytes: 64, maxTextLength: 64 });
      expectObservable(source.pipe(bound, map(showItem))).toBe('p-x-|', { p: '<legacy>', x: '{"type":"hello"}' });
    });
  });
});
