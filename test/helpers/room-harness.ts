import type { Effect } from '../../src/effects.js';
import type { ConnId } from '../../src/events.js';
import type { ServerFrame } from '../../src/protocol.js';
import type { RoomState } from '../../src/room-state.js';

/**
 * Reading the room reducer's output the way the effect router does, through the public shapes
 * only: effect kinds this file does not know (the union grows) are ignored, not rejected.
 */

/** One frame as a connection would receive it. */
export interface Delivery {
  readonly to: ConnId;
  readonly frame: ServerFrame;
}

/** Members of `room` in the given state, in the state's own order. */
export function membersOf(state: RoomState, room: string): ConnId[] {
  const members = state.rooms.get(room)?.members as Iterable<ConnId> | undefined;
  return members ? [...members] : [];
}

/** Registered connections (those with a nickname), with their nicknames. */
export function registered(state: RoomState): Map<ConnId, string> {
  const out = new Map<ConnId, string>();
  for (const [id, conn] of state.conns as Iterable<[ConnId, { nick?: string }]>) if (conn.nick !== undefined) out.set(id, conn.nick);
  return out;
}

/**
 * Resolves a step's frame effects into deliveries against the resulting state, as the router does:
 * `send` to one, `broadcast` to the room's members but `except`, `presence` to them but its
 * subject (uncoalesced), `multicast` to its list.
 */
/** How `deliveries` shows an [ARCHIVE] read: an `info` whose text starts with this. */
export const ARCHIVE_READ = 'archive read ';

export function deliveries(state: RoomState, effects: readonly Effect[]): Delivery[] {
  const out: Delivery[] = [];
  for (const effect of effects as readonly { type: string }[]) {
    if (effect.type === 'send') {
      const e = effect as Extract<Effect, { type: 'send' }>;
      out.push({ to: e.to, frame: e.frame });
    } else if (effect.type === 'broadcast') {
      const e = effect as Extract<Effect, { type: 'broadcast' }>;
      for (const to of membersOf(state, e.room)) if (to !== e.except) out.push({ to, frame: e.frame });
    } else if (effect.type === 'archive') {
      // [ARCHIVE] A read of the archive, answered by the driver: stands here as a notice to the asker.
      const e = effect as Extract<Effect, { type: 'archive' }>;
      const { kind, room, limit } = e.query;
      out.push({ to: e.conn, frame: { type: 'info', text: `${ARCHIVE_READ}${kind}:${room}:${limit}` } });
    } else if (effect.type === 'presence') {
      // [PRESENCE] Uncoalesced, as the router tells it without `coalescePresence`: the reducer's own word.
      const e = effect as Extract<Effect, { type: 'presence' }>;
      for (const to of membersOf(state, e.room)) if (to !== e.conn) out.push({ to, frame: e.frame });
    } else if (effect.type === 'multicast') {
      const e = effect as unknown as { to: readonly ConnId[]; frame: ServerFrame };
      for (const to of e.to) out.push({ to, frame: e.frame });
    }
  }
  return out;
}

/** Connections a step closes. */
export function closedBy(effects: readonly Effect[]): ConnId[] {
  return (effects as readonly { type: string; conn?: ConnId }[]).filter((e) => e.type === 'close').map((e) => e.conn!);
}

/** Frames of one type sent to one connection. */
export function framesTo<T extends ServerFrame['type']>(list: readonly Delivery[], to: ConnId, type: T): Extract<ServerFrame, { type: T }>[] {
  return list.filter((d) => d.to === to && d.frame.type === type).map((d) => d.frame as Extract<ServerFrame, { type: T }>);
}
