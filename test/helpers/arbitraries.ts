import { fc } from '@fast-check/vitest';
import type {
  AckFrame, AwayChangedFrame, ByeFrame, ClientFrame, ErrorCode, ErrorFrame, HelloFrame, JoinedFrame, LeaveReason, LeftFrame,
  MessageFrame, PingFrame, PongFrame, QuitFrame, SayFrame, ServerFrame, WelcomeFrame,
} from '../../src/protocol.js';

/**
 * Arbitraries for every frame of the native protocol, one per frame type, so a property can
 * name the type it is about. Strings are full Unicode (lone surrogates, control characters and
 * line breaks included): JSON escapes them, so none of them may break a round trip.
 */

export const ERROR_CODES: readonly ErrorCode[] = [
  'BAD_JSON', 'BAD_UTF8', 'BAD_FRAME', 'UNKNOWN_TYPE', 'FRAME_TOO_LARGE', 'UNSUPPORTED_VERSION', 'NICK_INVALID',
  'NICK_TAKEN', 'NOT_REGISTERED', 'ALREADY_REGISTERED', 'TEXT_EMPTY', 'TEXT_TOO_LONG', 'SLOW_CONSUMER', 'SERVER_SHUTDOWN',
];
export const LEAVE_REASONS: readonly LeaveReason[] = ['quit', 'disconnected', 'slow-consumer', 'protocol-error'];

/** Any string, lone surrogates included. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);

/** Any finite number JSON writes back exactly: integers and doubles, but not -0 (JSON has no -0). */
export const anyNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeNat(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
);

const ref = { ref: anyText };

/** Records whose optional keys are sometimes absent (never present as `undefined`). */
function frame<T>(type: string, required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>> = {}) {
  return fc.record({ type: fc.constant(type), ...required, ...optional }, { requiredKeys: ['type', ...Object.keys(required)] as never }) as unknown as fc.Arbitrary<T>;
}

export const helloFrame = frame<HelloFrame>('hello', { version: anyNumber, nick: anyText });
export const sayFrame = frame<SayFrame>('say', { text: anyText }, ref);
export const pingFrame = frame<PingFrame>('ping', {}, ref);
export const quitFrame = frame<QuitFrame>('quit', {}, { reason: anyText });

export const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(helloFrame, sayFrame, pingFrame, quitFrame);

export const welcomeFrame = frame<WelcomeFrame>('welcome', {
  version: anyNumber, nick: anyText, room: anyText, members: fc.array(anyText, { maxLength: 6 }),
  maxFrameBytes: anyNumber, maxTextLength: anyNumber,
});
export const messageFrame = frame<MessageFrame>('message', { id: anyNumber, ts: anyNumber, room: anyText, from: anyText, text: anyText });
export const ackFrame = frame<AckFrame>('ack', { id: anyNumber, ts: anyNumber }, ref);
export const joinedFrame = frame<JoinedFrame>('joined', { ts: anyNumber, room: anyText, nick: anyText });
export const leftFrame = frame<LeftFrame>('left', { ts: anyNumber, room: anyText, nick: anyText, reason: fc.constantFrom(...LEAVE_REASONS) }, { text: anyText, by: anyText });
/** [AWAY-NOTIFY] */
export const awayFrame = frame<AwayChangedFrame>('away', { ts: anyNumber, room: anyText, nick: anyText, away: fc.option(anyText, { nil: null }) });
export const pongFrame = frame<PongFrame>('pong', { ts: anyNumber }, ref);
export const errorFrame = frame<ErrorFrame>('error', { code: fc.constantFrom(...ERROR_CODES), message: anyText, fatal: fc.boolean() }, ref);
export const byeFrame = frame<ByeFrame>('bye', { reason: anyText });

export const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  welcomeFrame, messageFrame, ackFrame, joinedFrame, leftFrame, pongFrame, errorFrame, byeFrame, awayFrame,
);

/** [NICK-LEN] [NICK-CHARS] A valid nickname. */
export const validNick = fc.stringMatching(/^[A-Za-z0-9_-]{3,10}$/);

/** The same nickname with its letters' case changed at random ([NICK-CASE]). */
export function recased(nick: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: nick.length, maxLength: nick.length })
    .map((flips) => [...nick].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}

/** Cuts `bytes` at the given points (any points: mid-UTF-8 too); empty chunks included. */
export function chunkAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    out.push(bytes.subarray(start, p));
    start = p;
  }
  out.push(bytes.subarray(start));
  return out;
}
