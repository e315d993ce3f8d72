import { withUpdatedConnection } from '../membership.js';
import type { Connection, RoomState } from '../room-state.js';
import { send, type Step } from '../step.js';
import { takeToken } from '../token-bucket.js';
import type { RoomOptions } from './options.js';
import { dropped } from './session.js';

export type Gate =
  | { readonly passed: true; readonly state: RoomState; readonly conn: Connection }
  | { readonly passed: false; readonly step: Step };

/**
 * [LINE-TOKEN] A frame decoded from the same client line as the frame before it (IRC's
 * `JOIN #a,#b`, a command and its marker ping) was paid for with that frame's token: it passes when
 * that frame passed (no refusal since, `strikes` 0) and is refused with it otherwise, with no
 * strike of its own, so a line is one token and at most one strike whatever it decodes to.
 */
export function lineGate(state: RoomState, conn: Connection, ref?: string): Gate {
  if (conn.bucket.strikes === 0) return { passed: true, state, conn };
  const error = {
    type: 'error', code: 'RATE_LIMITED', message: 'too fast: the line this came with was refused', fatal: false, ...(ref === undefined ? {} : { ref }),
  } as const;
  return { passed: false, step: { state, effects: [send(conn.id, error)] } };
}

/**
 * [FLOOD] Charges one token for whatever a connection sent, a frame or a malformed line alike:
 * without one it gets `RATE_LIMITED` (with `retryAfterMs`), and after `floodStrikes` refusals in a
 * row it is dropped for `FLOODING`.
 */
export function floodGate(state: RoomState, conn: Connection, at: number, options: RoomOptions, ref?: string): Gate {
  if (options.floodRate <= 0) return { passed: true, state, conn };
  const take = takeToken(conn.bucket, at, { burst: options.floodBurst, ratePerSec: options.floodRate });
  const charged = { ...conn, bucket: take.bucket };
  if (take.allowed) return { passed: true, state: withUpdatedConnection(state, charged), conn: charged };
  if (take.bucket.strikes >= options.floodStrikes) {
    return { passed: false, step: dropped(state, conn.id, 'flooding', at, { code: 'FLOODING', message: 'too many frames: disconnected for flooding' }) };
  }
  const error = {
    type: 'error', code: 'RATE_LIMITED', message: `too fast: wait ${take.retryAfterMs} ms`, fatal: false,
    retryAfterMs: take.retryAfterMs, ...(ref === undefined ? {} : { ref }),
  } as const;
  return { passed: false, step: { state: withUpdatedConnection(state, charged), effects: [send(conn.id, error)] } };
}
