import { map } from 'rxjs';
import { describe, expect, test } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import type { ServerFrame } from '../../src/protocol.js';
import type { AdapterSession, ProtocolAdapter } from '../../streams/adapters/protocol-adapter.js';
import type { InboundItem } from '../../streams/frame-inbound.js';
import { inboundEvents } from '../../streams/inbound-events.js';
import type { Link } from '../../streams/link-handle.js';
import type { TimeoutSignal } from '../../streams/link-timeouts.js';
import { bytes, createTestScheduler } from '../helpers/test-scheduler.js';

/**
 * An adapter whose decode shows every kind of result: `two` is two frames, `cap` a local reply,
 * `bad` a refusal, a blank line nothing ([ADAPTER]: zero or more per line).
 */
const session: AdapterSession = {
  framer: { push() {}, next: () => undefined, hasLine: () => false, bufferedBytes: 0 },
  decode(line) {
    const text = Buffer.from(line).toString();
    if (text === 'two') return [{ kind: 'frame', frame: { type: 'join', room: '#a' } }, { kind: 'frame', frame: { type: 'join', room: '#b' } }];
    if (text === 'cap') return [{ kind: 'reply', bytes: bytes('CAP * LS :\r\n') }];
    if (text === 'bad') return [{ kind: 'error', code: 'BAD_FRAME', message: 'bad' }];
    return [];
  },
  encode: () => undefined,
  registered() {},
};
const adapter: ProtocolAdapter = { id: 'test', pingsIdlePeers: true, paced: false, encodeShared: () => undefined, open: () => session };

function setup() {
  const replies: string[] = [];
  const sent: ServerFrame[] = [];
  const spoken: string[] = [];
  const link: Link = {
    id: 7, adapter: undefined,
    send: (frame) => void sent.push(frame), sendBytes: (b) => void replies.push(Buffer.from(b).toString()), sendShared() {},
    registered() {}, close() {}, destroy() {},
  };
  const operator = inboundEvents({ id: 7, link, maxFrameBytes: 16, now: () => 5, speak: (a) => void spoken.push(a.id) });
  return { operator, replies, sent, spoken };
}

const items: Record<string, InboundItem | TimeoutSignal> = {
  p: { kind: 'protocol', adapter, session },
  t: { kind: 'line', bytes: bytes('two') },
  c: { kind: 'line', bytes: bytes('cap') },
  b: { kind: 'line', bytes: bytes('bad') },
  n: { kind: 'line', bytes: bytes('   ') },
  a: { kind: 'line', bytes: bytes('two'), at: 3 },
  o: { kind: 'overflow' },
  h: { kind: 'handshake-timeout' },
  i: { kind: 'idle-timeout' },
  g: { kind: 'ping' },
};
const show = (e: RoomEvent): string =>
  e.type === 'conn/frame-received' ? `${(e.frame as { room?: string }).room}@${e.at}` : e.type === 'conn/protocol-error' ? `${e.code}${e.fatal ? '!' : ''}` : e.type === 'conn/timed-out' ? e.phase : e.type;

/** Runs the operator over `marble` on virtual time: `frame:event` entries, and what went straight to the peer. */
function run(marble: string, unsubscribeAt?: number) {
  const { operator, replies, sent, spoken } = setup();
  const seen: string[] = [];
  let subscriptions = '';
  const scheduler = createTestScheduler();
  scheduler.run(({ cold, flush }) => {
    const source = cold(marble, items);
    const sub = source.pipe(operator, map(show)).subscribe({
      next: (e) => seen.push(`${scheduler.now()}:${e}`),
      error: () => seen.push(`${scheduler.now()}:#`),
      complete: () => seen.push(`${scheduler.now()}:|`),
    });
    if (unsubscribeAt !== undefined) scheduler.schedule(() => sub.unsubscribe(), unsubscribeAt);
    flush();
    subscriptions = JSON.stringify(source.subscriptions);
  });
  return { seen, replies, sent, spoken, subscriptions: JSON.parse(subscriptions) as unknown };
}

describe('[ADAPTER] inboundEvents', () => {
  test('a line gives zero or more events; a local reply goes straight back; the protocol item is told, not emitted', () => {
    const out = run('ptcbna|');
    expect(out.seen).toEqual(['1:#a@5', '1:#b@5', '3:BAD_FRAME', '5:#a@3', '5:#b@3', '6:|']);
    expect(out.replies).toEqual(['CAP * LS :\r\n']);
    expect(out.spoken).toEqual(['test']);
  });

  test('an overflow is fatal; timeouts become conn/timed-out; a ping goes to the peer; errors pass', () => {
    const out = run('pohig-#');
    expect(out.seen).toEqual(['1:FRAME_TOO_LARGE!', '2:handshake', '3:idle', '6:#']);
    expect(out.sent).toEqual([{ type: 'ping', ref: 'p5' }]);
  });

  test('a line before the protocol is known is dropped; early unsubscribe lets the source go', () => {
    const out = run('t-p-t-t', 3);
    expect(out.seen).toEqual([]);
    expect(out.subscriptions).toEqual([{ subscribedFrame: 0, unsubscribedFrame: 3 }]);
  });
});
