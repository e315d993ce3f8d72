import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { encodeFrame } from '../../src/native-codec.js';
import { PROTOCOL_VERSION, type ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { deliveries } from '../helpers/room-harness.js';

/**
 * [FRAME-MAX] What the server accepts, its clients can read: a client takes the `maxFrameBytes` of
 * its welcome (and `rxchat join` the same default) as the most the server will send in one frame.
 */
const options = defaultRoomOptions;
const reduce = createRoomReducer(options);
const bytes = (frame: ServerFrame) => Buffer.byteLength(encodeFrame(frame)) - 1;

/** Two members, `sender` (1) and `reader` (2), in the lobby. */
function twoMembers(): RoomState {
  let state = initialRoomState;
  const events: RoomEvent[] = [1, 2].flatMap((conn): RoomEvent[] => [
    { type: 'conn/opened', conn, address: '127.0.0.1:1', at: 0 },
    { type: 'conn/frame-received', conn, frame: { type: 'hello', version: PROTOCOL_VERSION, nick: conn === 1 ? 'sender' : 'reader' }, at: 0 },
  ]);
  for (const e of events) state = reduce(state, e).state;
  return state;
}

/** The frames `reader` gets when `sender` says `text` (the say frame must itself fit the limit). */
function relayed(text: string): ServerFrame[] {
  const step = reduce(twoMembers(), { type: 'conn/frame-received', conn: 1, frame: { type: 'say', text }, at: 60_000 });
  return deliveries(step.state, step.effects).filter((d) => d.to === 2).map((d) => d.frame);
}

const fits = (text: string) => Buffer.byteLength(encodeFrame({ type: 'say', text })) - 1 <= options.maxFrameBytes;

describe('[FRAME-MAX] frames the server sends fit the limit it announces', () => {
  test.prop([
    fc.array(fc.constantFrom('a', 'é', '中', '😀', '"', '\\', '\u0007', '\u001b', '\u009b', '\t'), { minLength: 1000, maxLength: options.maxTextLength })
      .map((units) => units.join('')),
  ], { numRuns: 60 })('any well-formed text the server accepts is relayed in a frame no bigger than maxFrameBytes', (text) => {
    fc.pre(fits(text));
    for (const frame of relayed(text)) expect(bytes(frame)).toBeLessThanOrEqual(options.maxFrameBytes);
  });

  // Found by this test: unpaired surrogates were relayed as they came; JSON escapes each as
  // `\udXXX` (6 bytes), so a say frame under the limit (16,344 bytes, 2,720 UTF-16 units) became a
  // message frame over it (16,399 bytes). [TEXT-HYGIENE] now turns them into U+FFFD (3 bytes).
  test('unpaired surrogates are relayed in a frame no bigger than maxFrameBytes', () => {
    const text = '\udc00'.repeat(2_720);
    expect(fits(text)).toBe(true);
    const frames = relayed(text);
    expect(frames.map((f) => f.type)).toEqual(['message']);
    for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(options.maxFrameBytes);
  });
});
