import type { ServerFrame } from '../../src/protocol.js';

/**
 * [PRESENCE] A `presence` frame as the `joined` and `left` frames it stands for (the receiver's own
 * join left out, as a lone `joined` never goes to the joiner), so tests about who is told of a
 * join or a leave, and why, read the same whether the server coalesced the window or not.
 * Any other frame is itself.
 */
export function unfoldPresence<F extends { type: string }>(frame: F, self: string | undefined): F[] {
  if (frame.type !== 'presence') return [frame];
  const f = frame as unknown as Extract<ServerFrame, { type: 'presence' }>;
  const left = f.left.map((l) => ({ type: 'left', ts: f.ts, room: f.room, nick: l.nick, reason: l.reason, ...(l.text === undefined ? {} : { text: l.text }) }));
  const joined = f.joined.filter((nick) => nick !== self).map((nick) => ({ type: 'joined', ts: f.ts, room: f.room, nick }));
  return [...left, ...joined] as unknown as F[];
}
