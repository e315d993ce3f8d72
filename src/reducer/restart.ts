import type { Effect } from '../effects.js';
import type { RoomEvent } from '../events.js';
import { uncounted } from '../membership.js';
import { PersistentMap } from '../persistent-map.js';
import { bootOf, type Connection, type RoomState } from '../room-state.js';
import { log, send, unchanged, type Step } from '../step.js';
import { closing } from './session.js';

type Started = Extract<RoomEvent, { type: 'server/started' }>;
type NodeGone = Extract<RoomEvent, { type: 'node/gone' }>;

/**
 * [BOOT] A server process starts on this state. What it decides with is recorded (`config`), the
 * shutdown of the previous boot is over, and every registered session of earlier boots is held
 * until `at + graceMs` ([RESUME-GRACE]) for its owner to resume with its secret: nobody is told it
 * left. Connections that never registered are forgotten; no socket of an earlier boot is counted.
 * [CLUSTER] A cluster node (`node` set) holds only the sessions of its own earlier boots: the other
 * nodes' connections are live.
 */
export function started(state: RoomState, event: Started): Step {
  const boot = Math.max(state.boot, event.boot);
  if (event.node !== undefined) return nodeStarted(state, { ...event, node: event.node }, boot);
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
      ...state, conns, perHost: PersistentMap.empty(), shuttingDown: false, boot, config: event.config, nodes: PersistentMap.empty(),
    },
    effects: [log('info', 'server started', { boot: event.boot, held, graceMs: event.graceMs })],
  };
}

/** [CLUSTER] A node joins the cluster: its earlier boots (a restart under the same name) are gone. */
function nodeStarted(state: RoomState, event: Started & { node: string }, boot: number): Step {
  let next = state;
  let held = 0;
  for (const [earlier, name] of state.nodes.entries()) {
    if (name !== event.node) continue;
    const gone = holdBoot(next, earlier, event.at + event.graceMs);
    next = gone.state;
    held += gone.held.length;
  }
  return {
    state: { ...next, shuttingDown: false, boot, config: event.config, nodes: next.nodes.set(event.boot, event.node) },
    effects: [log('info', 'node started', { node: event.node, boot: event.boot, held, graceMs: event.graceMs })],
  };
}

/**
 * [NODE-GONE] A node's boot is over: its registered sessions are held for their owners to resume
 * elsewhere, its other connections forgotten, nobody told. A node that stopped says `bye` to its own
 * connections (only it routes them). The same state for a boot that is not live (a repeat).
 */
export function nodeGone(state: RoomState, event: NodeGone): Step {
  if (!state.nodes.has(event.boot)) return unchanged(state);
  const { state: next, held, dropped } = holdBoot(state, event.boot, event.at + event.graceMs);
  const effects: Effect[] = [];
  if (event.reason === 'stopped') {
    for (const id of [...held, ...dropped]) {
      effects.push(send(id, { type: 'bye', reason: 'this node is shutting down; reconnect to another', code: 'shutdown' }), { type: 'close', conn: id, reason: 'shutdown' });
    }
  }
  effects.push(log(event.reason === 'lost' ? 'warn' : 'info', `node ${event.reason}`, { boot: event.boot, held: held.length, graceMs: event.graceMs }));
  return { state: next, effects };
}

/** Holds a boot's registered sessions until `until`, forgets its other connections, and drops the boot. */
function holdBoot(state: RoomState, boot: number, until: number): { state: RoomState; held: number[]; dropped: number[] } {
  let conns = state.conns;
  let perHost = state.perHost;
  const held: number[] = [];
  const dropped: number[] = [];
  for (const conn of state.conns.values()) {
    if (bootOf(conn.id) !== boot || conn.heldUntil !== undefined) continue;
    perHost = uncounted({ perHost, nodes: state.nodes }, conn);
    if (conn.nick === undefined) {
      conns = conns.delete(conn.id);
      dropped.push(conn.id);
    } else {
      conns = conns.set(conn.id, { ...conn, heldUntil: until });
      held.push(conn.id);
    }
  }
  return { state: { ...state, conns, perHost, nodes: state.nodes.delete(boot) }, held, dropped };
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
