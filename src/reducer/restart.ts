import type { Effect } from '../effects.js';
import type { RoomEvent } from '../events.js';
import { PersistentMap } from '../persistent-map.js';
import type { Connection, RoomState } from '../room-state.js';
import { log, unchanged, type Step } from '../step.js';
import { closing } from './session.js';

type Started = Extract<RoomEvent, { type: 'server/started' }>;

/**
 * [BOOT] A server process starts on this state. What it decides with is recorded (`config`), the
 * shutdown of the previous boot is over, and every registered session of earlier boots is held
 * until `at + graceMs` ([RESUME-GRACE]) for its owner to resume with its secret: nobody is told it
 * left. Connections that never registered are forgotten; no socket of an earlier boot is counted.
 */
export function started(state: RoomState, event: Started): Step {
  let conns = state.conns;
  let held = 0;
  for (const conn of state.conns.values()) {
    if (conn.nick === undefined) conns = conns.delete(conn.id);
    else {
      conns = conns.set(conn.id, { ...conn, heldUntil: event.at + event.graceMs });
      held++;
    }
  }
  return {
    state: {
      ...state, conns, perHost: PersistentMap.empty(), shuttingDown: false, boot: event.boot, config: event.config,
    },
    effects: [log('info', 'server started', { boot: event.boot, held, graceMs: event.graceMs })],
  };
}

/**
 * [RESUME-GRACE] Held sessions whose grace is over leave, each announced to its rooms as a
 * disconnection, as if their sockets had closed now. The same state when none is due.
 */
export function graceEnded(state: RoomState, at: number): Step {
  const due: Connection[] = [];
  for (const conn of state.conns.values()) if (conn.heldUntil !== undefined && conn.heldUntil <= at) due.push(conn);
  if (due.length === 0) return unchanged(state);
  let next = state;
  const effects: Effect[] = [];
  for (const conn of due) {
    const step = closing(next, next.conns.get(conn.id)!, [], 'disconnected', at);
    next = step.state;
    // The close of a socket that is gone is a no-op for the driver; only the leaves matter, and
    // the driver coalesces them per room ([PRESENCE]), however many sessions end at once.
    for (const effect of step.effects) if (effect.type === 'presence') effects.push(effect);
  }
  effects.push(log('info', 'held sessions ended', { count: due.length }));
  return { state: next, effects };
}
