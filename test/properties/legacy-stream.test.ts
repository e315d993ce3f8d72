import { fc, test } from '@fast-check/vitest';
import { from } from 'rxjs';
import { describe, expect } from 'vitest';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { takeMessage } from '../../src/legacy-stream.js';
import type { ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { legacyAdapter } from '../../streams/adapters/legacy-adapter.js';
import { encodeNative } from '../../streams/adapters/native-adapter.js';
import type { AdapterSession } from '../../streams/adapters/protocol-adapter.js';
import { sniffMainPort } from '../../streams/adapters/registry.js';
import { frameInbound } from '../../streams/frame-inbound.js';
import { chunkAt } from '../helpers/arbitraries.js';
import { deliveries } from '../helpers/room-harness.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SENDER = 1;
const NATIVE = 2;
const LEGACY = 3;

/**
 * What an original-protocol client types: words in several scripts (one to four bytes a character,
 * two UTF-16 units for the emoji), joined by a blank, a tab, nothing (two packets that TCP joins),
 * a line break (LF or CRLF) or a blank line. Whitespace runs one character long, and the text
 * limit is at least 3 units, so a blank and the widest character (two units) always fit in one cut:
 * no cut can be blank ([LEGACY-STREAM] says what happens to a blank run as long as the limit).
 */
const word = fc.array(fc.constantFrom('a', 'Z', '7', 'é', '漢', '😀', '/', ':'), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
const separator = fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\n\n');
const burst = fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 60 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

/**
 * [LEGACY-STREAM] What every other member must read from the sender, cuts aside: each line with its
 * trailing whitespace (its CR included) dropped, the lines joined, as the receivers concatenate the
 * messages they get. The end of the stream ends a line too.
 */
const expectedStream = (sent: string) => sent.split('\n').map((line) => line.trimEnd()).join('');

interface Seen {
  readonly native: string[];
  readonly legacy: string[];
  readonly toSender: ServerFrame[];
}

/** The sender's bytes, read as the server reads them, folded by the room, rendered for a native and a legacy member. */
function relay(chunks: readonly Uint8Array[], maxTextLength: number): Seen {
  const reduce = createRoomReducer({ ...defaultRoomOptions, maxTextLength, floodRate: 0 });
  const seen: Seen = { native: [], legacy: [], toSender: [] };
  let state: RoomState = initialRoomState;
  let session: AdapterSession | undefined;
  const fold = (event: RoomEvent) => {
    const step = reduce(state, event);
    state = step.state;
    // The router hands [REGISTERED] to the link, which tells the adapter session.
    for (const e of step.effects) if (e.type === 'registered' && e.conn === SENDER) session!.registered(e.nick);
    for (const d of deliveries(state, step.effects)) {
      if (d.to === SENDER) seen.toSender.push(d.frame);
      if (d.frame.type !== 'message' || d.frame.from !== 'alice') continue;
      if (d.to === NATIVE) seen.native.push((JSON.parse(decoder.decode(encodeNative(d.frame))) as { text: string }).text);
      if (d.to === LEGACY) seen.legacy.push(decoder.decode(legacyAdapter.encodeShared(d.frame)!));
    }
  };
  for (const conn of [SENDER, NATIVE, LEGACY]) fold({ type: 'conn/opened', conn, address: `10.0.0.${conn}:1`, at: 0 });
  fold({ type: 'conn/frame-received', conn: NATIVE, frame: { type: 'hello', version: 1, nick: 'nat' }, at: 0 });
  fold({ type: 'conn/frame-received', conn: LEGACY, frame: { type: 'hello', version: 1, nick: 'old' }, at: 0 });
  from([encoder.encode('alice'), ...chunks])
    .pipe(frameInbound(sniffMainPort, { maxFrameBytes: 64, maxTextLength }))
    .subscribe((item) => {
      if (item.kind === 'protocol') session = item.session;
      if (item.kind !== 'line') return;
      for (const d of session!.decode(item.bytes)) if (d.kind === 'frame') fold({ type: 'conn/frame-received', conn: SENDER as ConnId, frame: d.frame, at: 1 });
    });
  return seen;
}

describe('[LEGACY-STREAM] the original protocol is a byte stream, relayed whole', () => {
  test.prop([burst, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 3, max: 40 })])(
    'every byte an original-protocol sender sent reaches every other member, native and original alike, in order, whatever the chunking and the text limit',
    (sent, cuts, maxTextLength) => {
      const seen = relay(chunkAt(encoder.encode(sent), cuts), maxTextLength);
      expect(seen.native.join('')).toBe(expectedStream(sent));
      // An original-protocol member reads each message as its own line: a cut is a line break there.
      expect(seen.legacy.every((line) => line.startsWith('alice: ') && line.endsWith('\n'))).toBe(true);
      expect(seen.legacy.map((line) => line.slice('alice: '.length, -1))).toEqual(seen.native);
      // Each cut is a message the room takes: never blank, never over the limit, never refused.
      for (const text of seen.native) {
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(maxTextLength);
      }
      expect(seen.toSender.map((f) => f.type)).not.toContain('error');
    },
  );

  test.prop([fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 20 })])(
    'takeMessage on any bytes: always progresses or waits on a short tail; what waits stays bounded',
    (bytes, maxText) => {
      let pending: Uint8Array = bytes;
      for (let guard = 0; guard <= bytes.length + 1; guard++) {
        const { message, rest } = takeMessage(pending, maxText);
        if (message === undefined && rest.length === pending.length) break;
        if (message !== undefined) expect(message.length).toBeGreaterThan(0);
        expect(rest.length).toBeLessThan(pending.length);
        pending = rest;
      }
      // Nothing with a LF waits, and a tail waits only while it is short: blanks and one unfinished character.
      expect(pending.includes(0x0a)).toBe(false);
      expect(pending.length).toBeLessThanOrEqual(4 * maxText * 4 + 3);
    },
  );
});
