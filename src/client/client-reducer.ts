import { assertNever } from '../assert-never.js';
import type { ClientStep } from './client-effect.js';
import type { ClientEvent } from './client-event.js';
import type { ClientState } from './client-state.js';
import { stepTo, unchanged } from './client-step.js';
import { lost, onConnection } from './on-connection.js';
import { onKey } from './on-key.js';
import { onServerFrame } from './on-server-frame.js';
import { sendNextQueued } from './send-message.js';

/**
 * [TUI-REDUCER] The terminal client: pure and total. Folds one event into the state and says
 * which effects follow (frames to send, bell, timers, exit). Returns the same state reference
 * when nothing changes, so the view can skip rendering.
 */
export function reduceClient(state: ClientState, event: ClientEvent): ClientStep<ClientState> {
  if (state.phase === 'done') return unchanged(state);
  switch (event.type) {
    case 'conn/frame-received':
      return onServerFrame(state, event.frame, event.at);
    case 'conn/connecting': case 'conn/connected': case 'conn/disconnected': case 'conn/failed':
    case 'conn/retry-scheduled': case 'conn/bad-frame':
      return onConnection(state, event);
    case 'key/typed': case 'key/pressed': case 'mouse/wheel':
      return onKey(state, event);
    case 'term/resized':
      return event.cols === state.size.cols && event.rows === state.size.rows
        ? unchanged(state)
        : stepTo({ ...state, size: { cols: event.cols, rows: event.rows }, scroll: 0 });
    case 'clock/ping-due':
      return pingDue(state, event.at);
    case 'clock/send-due':
      return state.outbox.some((o) => o.status === 'sent') ? unchanged(state) : sendNextQueued(state);
    case 'clock/leave-timeout':
      return state.phase === 'leaving' ? stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 }) : unchanged(state);
    default:
      return assertNever(event);
  }
}

/** [TUI-STALE] A ping unanswered this long means the connection is dead, even if TCP has not noticed. */
export const STALE_AFTER_MS = 15_000;

/**
 * [TUI-LATENCY] Every ping carries a fresh ref; the matching pong gives the round trip. While one
 * is unanswered no other is sent; past `STALE_AFTER_MS` the connection is dropped and retried.
 */
function pingDue(state: ClientState, at: number): ClientStep<ClientState> {
  if (state.conn.status !== 'online' || !state.registered) return unchanged(state);
  if (state.ping !== undefined) {
    if (at - state.ping.at < STALE_AFTER_MS) return unchanged(state);
    const step = lost(state, at, `no answer from the server for ${Math.round((at - state.ping.at) / 1000)} s`);
    return { state: step.state, effects: [{ type: 'drop' }, ...step.effects] };
  }
  const ref = `p${at}`;
  return stepTo({ ...state, ping: { ref, at } }, { type: 'send', frame: { type: 'ping', ref } });
}
