import type { ConnId } from './events.js';
import { LOBBY } from './protocol.js';

/** One open connection, before (no `nick`) or after registration. */
export interface Connection {
  readonly id: ConnId;
  readonly address: string;
  readonly openedAt: number;
  readonly nick?: string;
}

export interface Room {
  readonly name: string;
  readonly members: ReadonlySet<ConnId>;
}

/**
 * The whole server's chat state. Readonly and copied on write: a chat line changes only
 * `nextMessageId`, so its cost does not grow with the number of members.
 */
export interface RoomState {
  readonly conns: ReadonlyMap<ConnId, Connection>;
  /** Folded nickname ([NICK-CASE]) to its connection. */
  readonly nicks: ReadonlyMap<string, ConnId>;
  readonly rooms: ReadonlyMap<string, Room>;
  readonly nextMessageId: number;
  readonly shuttingDown: boolean;
}

export const initialRoomState: RoomState = {
  conns: new Map(),
  nicks: new Map(),
  rooms: new Map([[LOBBY, { name: LOBBY, members: new Set<ConnId>() }]]),
  nextMessageId: 1,
  shuttingDown: false,
};

/** Nicknames of a room's members, in join order. */
export function selectMemberNicks(state: RoomState, room: string): string[] {
  const members = state.rooms.get(room)?.members ?? new Set<ConnId>();
  const nicks: string[] = [];
  for (const id of members) {
    const nick = state.conns.get(id)?.nick;
    if (nick !== undefined) nicks.push(nick);
  }
  return nicks;
}

/** The rooms a connection is a member of. */
export function selectRoomsOf(state: RoomState, conn: ConnId): string[] {
  const names: string[] = [];
  for (const room of state.rooms.values()) if (room.members.has(conn)) names.push(room.name);
  return names;
}
