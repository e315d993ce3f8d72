import { map } from 'rxjs';
import { describe, test } from 'vitest';
import { legacyAdapter } from '../../streams/adapters/legacy-adapter.js';
import { nativeAdapter } from '../../streams/adapters/native-adapter.js';
import type { InboundItem } from '../../streams/frame-inbound.js';
import { createLinkTimeouts, type TimeoutSignal } from '../../streams/link-timeouts.js';
import { bytes, createTestScheduler } from '../helpers/test-scheduler.js';

const limits = { maxFrameBytes: 64, maxTextLength: 64 };
const items: Record<string, InboundItem> = {
  n: { kind: 'protocol', adapter: nativeAdapter, session: nativeAdapter.open(limits) },
  g: { kind: 'protocol', adapter: legacyAdapter, session: legacyAdapter.open(limits) },
  l: { kind: 'line', bytes: bytes('x') },
};
const letter = (item: InboundItem | TimeoutSignal): string =>
  ({ protocol: (item as { adapter?: { id: string } }).adapter?.id === 'native' ? 'n' : 'g', line: 'l', overflow: 'o', 'handshake-timeout': 'H', ping: 'p', 'idle-timeout': 'T' })[item.kind];

// Inside TestScheduler.run the default asyncScheduler runs on virtual time.
describe('[HANDSHAKE-TIMEOUT] [IDLE] createLinkTimeouts', () => {
  const watch = (handshakeMs = 20, idleMs = 5, graceMs = 3) => createLinkTimeouts({ handshakeMs, idleMs, graceMs });

  test('never: the handshake times out, and nothing else happens before the protocol is known', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<InboundItem>('-', items);
      expectObservable(source.pipe(watch(4).watch, map(letter))).toBe('----H');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  test('empty: completes at once, and no timer outlives it', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<InboundItem>('|', items);
      expectObservable(source.pipe(watch(4).watch, map(letter))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  test('welcomed: no handshake timeout; a native peer is pinged after the idle time, then timed out', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const timeouts = watch();
      const source = cold<InboundItem>('n', items);
      // Welcome arrives with the protocol item; idle 5 from frame 0: ping at 5, timeout 3 later.
      const welcomed = source.pipe(map((item) => (timeouts.welcomed(), item)));
      expectObservable(welcomed.pipe(timeouts.watch, map(letter))).toBe('n----p--T');
    });
  });

  test('many: lines restart the count, an answer after a ping cancels the timeout', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const timeouts = watch();
      timeouts.welcomed();
      const source = cold<InboundItem>('nl-l-l------l', items);
      // Last line at 5: ping at 10; the answer at 12 restarts: ping at 17, timeout at 20.
      expectObservable(source.pipe(timeouts.watch, map(letter))).toBe('nl-l-l----p-l----p--T');
    });
  });

  test('legacy peers are never pinged', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const timeouts = watch();
      timeouts.welcomed();
      const source = cold<InboundItem>('gl', items);
      expectObservable(source.pipe(timeouts.watch, map(letter))).toBe('gl');
    });
  });

  test('error and early unsubscribe cancel every timer', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold<InboundItem>('n-#', items);
      expectObservable(failing.pipe(watch(3).watch, map(letter))).toBe('n-#');
      const endless = cold<InboundItem>('n', items);
      expectObservable(endless.pipe(watch(3).watch, map(letter)), '^-!').toBe('n-');
      expectSubscriptions(endless.subscriptions).toBe('^-!');
    });
  });
});
