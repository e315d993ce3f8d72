import type { ConnId } from './events.js';
import { foldNick } from './nickname.js';
import type { Connection, Room, RoomState } from './room-state.js';

/** Copy-on-write helpers for the room state: each returns a new state, sharing what it did not touch. */

export function withConnection(state: RoomState, conn: Connection): RoomState {
  return { ...state, conns: new Map(state.conns).set(conn.id, conn) };
}

/** Registers `nick` for `conn` and makes it a member of `room`. */
export function withMember(state: RoomState, conn: Connection, nick: string, room: string): RoomState {
  const rooms = new Map(state.rooms);
  const current = rooms.get(room) ?? { name: room, members: new Set<ConnId>() };
  rooms.set(room, { ...current, members: new Set(current.members).add(conn.id) });
  return {
    ...state,
    conns: new Map(state.conns).set(conn.id, { ...conn, nick }),
    nicks: new Map(state.nicks).set(foldNick(nick), conn.id),
    rooms,
  };
}

/** Forgets a connection everywhere: its nickname and every room's member set. */
export function withoutConnection(state: RoomState, conn: Connection): RoomState {
  const conns = new Map(state.conns);
  conns.delete(conn.id);
  let { nicks, rooms } = state;
  if (conn.nick !== undefined) {
    const copy = new Map(nicks);
    copy.delete(foldNick(conn.nick));
    nicks = copy;
    rooms = withoutMember(rooms, conn.id);
  }
  return { ...state, conns, nicks, rooms };
}

function withoutMember(rooms: ReadonlyMap<string, Room>, id: ConnId): ReadonlyMap<string, Room> {
  const next = new Map(rooms);
  for (const room of rooms.values()) {
    if (!room.members.has(id)) continue;
    const members = new Set(room.members);
    members.delete(id);
    next.set(room.name, { ...room, members });
  }
  return next;
}
