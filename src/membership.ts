import type { ConnId } from './events.js';
import { foldNick } from './nickname.js';
import { emptyRoom, hostKey, type Connection, type Room, type RoomState } from './room-state.js';
import { LOBBY } from './protocol.js';

/** Copy-on-write helpers for the room state: each returns a new state sharing what it did not touch. */

/** Adds a new connection and counts it against its host ([CONN-CAP]). */
export function withConnection(state: RoomState, conn: Connection): RoomState {
  const key = hostKey(state, conn.id, conn.address);
  return { ...state, conns: state.conns.set(conn.id, conn), perHost: state.perHost.set(key, (state.perHost.get(key) ?? 0) + 1) };
}

/** Replaces a connection; the same state when nothing in it changed (a repeated `/away`, `/oper`). */
export function withUpdatedConnection(state: RoomState, conn: Connection): RoomState {
  const current = state.conns.get(conn.id);
  if (current !== undefined && sameFields(current, conn)) return state;
  return { ...state, conns: state.conns.set(conn.id, conn) };
}

function sameFields(a: Connection, b: Connection): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof Connection)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Registers `nick` for `conn`. */
export function withNick(state: RoomState, conn: Connection, nick: string): RoomState {
  let nicks = state.nicks;
  if (conn.nick !== undefined) nicks = nicks.delete(foldNick(conn.nick));
  return { ...state, conns: state.conns.set(conn.id, { ...conn, nick }), nicks: nicks.set(foldNick(nick), conn.id) };
}

/** Makes `id` a member of `room` at `at`, creating the room if needed ([ROOM-CREATED] then, if not known). */
export function withMember(state: RoomState, id: ConnId, room: string, at: number): RoomState {
  const current = state.rooms.get(room) ?? emptyRoom(room);
  return { ...state, rooms: state.rooms.set(room, { ...current, members: current.members.add(id), createdAt: current.createdAt ?? at }) };
}

/**
 * Takes `id` out of `room`. [ROOM-KEPT] An emptied room disappears unless it holds something worth
 * keeping (a topic, a lock, history) or is the lobby: such a room outlives its last member.
 */
export function withoutMember(state: RoomState, id: ConnId, room: string): RoomState {
  const current = state.rooms.get(room);
  if (!current || !current.members.has(id)) return state;
  const next = { ...current, members: current.members.delete(id) };
  const rooms = isDisposable(next) ? state.rooms.delete(room) : state.rooms.set(room, next);
  return { ...state, rooms };
}

/** [ROOM-KEPT] A room with nobody in it and nothing to keep. */
export function isDisposable(room: Room): boolean {
  return room.members.size === 0 && room.name !== LOBBY && room.topic === null && !room.topicLocked && room.history.size === 0;
}

export function withRoom(state: RoomState, room: Room): RoomState {
  return { ...state, rooms: state.rooms.set(room.name, room) };
}

/** Forgets a connection everywhere: its nickname and every room it was in. */
export function withoutConnection(state: RoomState, conn: Connection): RoomState {
  let next: RoomState = { ...state, conns: state.conns.delete(conn.id), perHost: uncounted(state, conn) };
  if (conn.nick === undefined) return next;
  next = { ...next, nicks: next.nicks.delete(foldNick(conn.nick)) };
  for (const room of state.rooms.values()) if (room.members.has(conn.id)) next = withoutMember(next, conn.id, room.name);
  return next;
}

/**
 * [RESUME] Puts `successor` in `old`'s place: the same nickname and the same rooms (none is
 * emptied on the way, so none loses its topic or history); `old` is forgotten.
 */
export function withSuccessor(state: RoomState, old: Connection, successor: Connection & { nick: string }): RoomState {
  let rooms = state.rooms;
  for (const room of state.rooms.values()) {
    if (room.members.has(old.id)) rooms = rooms.set(room.name, { ...room, members: room.members.delete(old.id).add(successor.id) });
  }
  return {
    ...state,
    rooms,
    conns: state.conns.delete(old.id).set(successor.id, successor),
    nicks: state.nicks.set(foldNick(successor.nick), successor.id),
    perHost: uncounted(state, old),
  };
}

/**
 * The per-host counts ([CONN-CAP]) without `conn`; a host at zero is forgotten. A held session
 * ([RESUME-GRACE]) has no socket and was never counted by this boot.
 */
export function uncounted(state: Pick<RoomState, 'perHost' | 'nodes'>, conn: Connection): RoomState['perHost'] {
  const { perHost } = state;
  if (conn.heldUntil !== undefined) return perHost;
  const key = hostKey(state, conn.id, conn.address);
  const count = (perHost.get(key) ?? 1) - 1;
  return count > 0 ? perHost.set(key, count) : perHost.delete(key);
}
