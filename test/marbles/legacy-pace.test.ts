import { describe, expect, test } from 'vitest';
import { sniffMainPort } from '../../streams/adapters/registry.js';
import { frameInbound, type Pacing } from '../../streams/frame-inbound.js';
import { bytes, createTestScheduler, showItem } from '../helpers/test-scheduler.js';

/** Runs `frameInbound` with pacing on virtual time; returns `time:item` entries and the socket's taps. */
function paced(marble: string, values: Record<string, Uint8Array>, rule: Pacing['rule'], maxBufferedBytes = 1024, unsubscribeAt?: number) {
  const scheduler = createTestScheduler();
  const seen: string[] = [];
  const taps: string[] = [];
  let subscriptions = '';
  scheduler.run(({ cold, flush }) => {
    const source = cold(marble, values);
    const flow = { pause: () => void taps.push(`${scheduler.now()}:pause`), resume: () => void taps.push(`${scheduler.now()}:resume`) };
    const sub = source.pipe(frameInbound(sniffMainPort, { maxFrameBytes: 64, maxTextLength: 64 }, { rule, maxBufferedBytes, now: () => scheduler.now(), flow })).subscribe({
      next: (item) => seen.push(`${scheduler.now()}:${showItem(item)}${'at' in item ? `@${item.at}` : ''}`),
      complete: () => seen.push(`${scheduler.now()}:|`),
    });
    if (unsubscribeAt !== undefined) scheduler.schedule(() => sub.unsubscribe(), unsubscribeAt);
    flush();
    subscriptions = JSON.stringify(source.subscriptions);
  });
  return { seen, taps, subscriptions };
}

// One token every 3 ms, two at once: the room's [FLOOD] rule in small.
const rule = { burst: 2, ratePerSec: 1000 / 3 };

describe('[LEGACY-PACE] a legacy peer is read no faster than [FLOOD] lets its lines through', () => {
  test('lines beyond the burst wait for their token, stamped with its time; the socket is paused while more than the bound waits', () => {
    const { seen, taps } = paced('a', { a: bytes('bob\nx\ny\nz\n') }, rule, 2);
    expect(seen).toEqual(['0:<legacy>', '0:bob@0', '0:x@0', '3:y@3', '6:z@6']);
    // 'y\nz\n' (4 bytes) waits at 0: over the bound of 2. At 3 only 'z\n' waits: reading again.
    expect(taps).toEqual(['0:pause', '3:resume']);
  });

  test('what arrives while a line waits for its token is framed together: packets of one line join into one message', () => {
    // The tail of `b` is unterminated: while it waits for a token, `c` continues it.
    const { seen, taps } = paced('a-b-c', { a: bytes('bob\nx\ny\n'), b: bytes('hel'), c: bytes('lo\n') }, rule);
    expect(seen).toEqual(['0:<legacy>', '0:bob@0', '0:x@0', '3:y@3', '6:hello@6']);
    expect(taps).toEqual([]);
  });

  test('a source that completes while lines wait completes once they are through', () => {
    const { seen } = paced('a|', { a: bytes('bob\nx\ny\nz\n') }, rule);
    expect(seen).toEqual(['0:<legacy>', '0:bob@0', '0:x@0', '3:y@3', '6:z@6', '6:|']);
  });

  test('a native peer is never paced; a rate of 0 paces nobody', () => {
    expect(paced('a', { a: bytes('{}\n{}\n{}\n{}\n') }, rule).seen).toEqual(['0:<native>', '0:{}', '0:{}', '0:{}', '0:{}']);
    const off = paced('a', { a: bytes('bob\nx\ny\nz\n') }, { burst: 2, ratePerSec: 0 });
    expect(off.seen).toEqual(['0:<legacy>', '0:bob@0', '0:x@0', '0:y@0', '0:z@0']);
    expect(off.taps).toEqual([]);
  });

  test('early unsubscribe: the waiting retry is cancelled with the source', () => {
    const { seen, subscriptions } = paced('a', { a: bytes('bob\nx\ny\nz\n') }, rule, 1024, 4);
    expect(seen).toEqual(['0:<legacy>', '0:bob@0', '0:x@0', '3:y@3']);
    expect(JSON.parse(subscriptions)).toEqual([{ subscribedFrame: 0, unsubscribedFrame: 4 }]);
  });
});
