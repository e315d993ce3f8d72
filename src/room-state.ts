import { BoundedHistory } from './bounded-history.js';
import type { ConnId, RoomConfig } from './events.js';
import { PersistentMap } from './persistent-map.js';
import { PersistentSet } from './persistent-set.js';
import { selectMembersPage } from './names-page.js';
import { LOBBY, NAMES_FIRST_PAGE, type MessageFrame, type RoomFrame } from './protocol.js';
import type { Bucket } from './token-bucket.js';

/** One open connection, before (no `nick`) or after registration. */
export interface Connection {
  readonly id: ConnId;
  readonly address: string;
  readonly openedAt: number;
  readonly nick?: string;
  /** When it last said something; for `whois` idle time. */
  readonly activeAt: number;
  readonly away: string | null;
  readonly oper: boolean;
  /** [FLOOD] What is left of its allowance. */
  readonly bucket: Bucket;
  /** [RESUME] The SHA-256 of the secret that lets a new connection take this session over. */
  readonly resumeHash?: string;
  /**
   * [RESUME-GRACE] Set on a session of an earlier boot, whose socket is gone: it keeps its nickname
   * and rooms until then for its owner to resume, and leaves at `server/grace-ended` after it.
   */
  readonly heldUntil?: number;
  /** [DEDUPE] The last refs it sent with their acks, newest last, at most [RECENT-REFS]. */
  readonly recent: readonly SentRef[];
}

/** A message this connection sent, by its own `ref`, and the ack it got. */
export interface SentRef {
  readonly ref: string;
  readonly id: number;
  readonly ts: number;
}

/** [RECENT-REFS] How many sent refs a session remembers for [DEDUPE]. */
export const RECENT_REFS = 32;

export interface Topic {
  readonly text: string;
  readonly by: string;
  readonly at: number;
}

export interface Room {
  /** The room's name in lower case ([ROOM-NAME]). */
  readonly name: string;
  readonly members: PersistentSet<ConnId>;
  readonly topic: Topic | null;
  readonly topicLocked: boolean;
  /** The last messages, oldest first, at most the history limit ([HISTORY-DEFAULT]); a chat line adds one without copying the rest. */
  readonly history: BoundedHistory<MessageFrame>;
  /**
   * [ROOM-CREATED] When the room got its first member (ms since the epoch, the event's time).
   * Absent in a lobby nobody entered yet, and in a room of an older snapshot until its next join.
   */
  readonly createdAt?: number;
}

/**
 * [CONN-SHAPE] A connection with every field present, the optional ones `undefined` until set (JSON
 * leaves them out, so snapshots do not change). The reducer updates a connection by spreading it
 * with the changed fields; a spread that *adds* a field gives each object a hidden class of its
 * own (V8 in Node 20: 4,990 classes for 5,000 connections), and every field read of such objects is
 * a megamorphic lookup: measured, a names page's reads cost 2x with two more fields read. With
 * every field present a spread only overwrites, and all connections share a few classes.
 */
export function withEveryField(conn: Connection): Connection {
  return { nick: undefined, resumeHash: undefined, heldUntil: undefined, ...conn };
}

/** A ban on a folded nickname and on the host it came from; `until` null lasts until restart. */
export interface Ban {
  readonly nick: string;
  readonly host: string;
  readonly until: number | null;
}

/**
 * The whole server's chat state: readonly, serialisable, and shared structurally (persistent maps),
 * so a chat line costs the same whatever the number of members.
 */
export interface RoomState {
  readonly conns: PersistentMap<ConnId, Connection>;
  /** Folded nickname ([NICK-CASE]) to its connection. */
  readonly nicks: PersistentMap<string, ConnId>;
  readonly rooms: PersistentMap<string, Room>;
  readonly bans: readonly Ban[];
  /** Folded nickname to the end of its mute (null: until unmuted). */
  readonly mutes: PersistentMap<string, number | null>;
  /** Open connections per host, for [CONN-CAP]. */
  readonly perHost: PersistentMap<string, number>;
  readonly nextMessageId: number;
  readonly shuttingDown: boolean;
  /** [BOOT] How many server processes have started on this state (0: none recorded). */
  readonly boot: number;
  /** [BOOT] What the current boot decides with, as its `server/started` recorded it; absent before any. */
  readonly config?: RoomConfig;
  /** [CLUSTER] The live boots of cluster nodes, to the node's name; empty for one process. */
  readonly nodes: PersistentMap<number, string>;
}

export const emptyRoom = (name: string): Room => ({
  name, members: PersistentSet.empty(), topic: null, topicLocked: false, history: BoundedHistory.empty(),
});

export const initialRoomState: RoomState = {
  conns: PersistentMap.empty(),
  nicks: PersistentMap.empty(),
  rooms: PersistentMap.of([[LOBBY, emptyRoom(LOBBY)]]),
  bans: [],
  mutes: PersistentMap.empty(),
  perHost: PersistentMap.empty(),
  nextMessageId: 1,
  shuttingDown: false,
  boot: 0,
  nodes: PersistentMap.empty(),
};

/** Nicknames of a room's members. */
export function selectMemberNicks(state: RoomState, room: string): string[] {
  const nicks: string[] = [];
  for (const id of state.rooms.get(room)?.members ?? []) {
    const nick = state.conns.get(id)?.nick;
    if (nick !== undefined) nicks.push(nick);
  }
  return nicks;
}

/**
 * A room as its members see it (topic, member count and one page of members, [NAMES-PAGE], with
 * who of them is away or an operator, [NAMES-MARKS]), for `room` frames; the room must exist. `after` is a cursor the caller checked; a page holds at most
 * `pageSize` members ([NAMES-FIRST] unless given).
 */
export function selectRoomFrame(state: RoomState, name: string, after?: string, pageSize = NAMES_FIRST_PAGE): RoomFrame {
  const room = state.rooms.get(name)!;
  const page = selectMembersPage(room.members, after, pageSize);
  const members: string[] = [];
  // [NAMES-MARKS] Read from the connection the page looks up anyway: no second walk.
  const away: string[] = [];
  const opers: string[] = [];
  for (const id of page.ids) {
    const conn = state.conns.get(id);
    if (conn?.nick === undefined) continue;
    members.push(conn.nick);
    if (conn.away !== null) away.push(conn.nick);
    if (conn.oper) opers.push(conn.nick);
  }
  return {
    type: 'room', room: name, topic: room.topic?.text ?? null, topicLocked: room.topicLocked, members, count: room.members.size,
    ...(room.createdAt === undefined ? {} : { createdAt: room.createdAt }),
    ...(page.next === undefined ? {} : { next: page.next }),
    ...(after === undefined ? {} : { after }),
    ...(away.length === 0 ? {} : { away }),
    ...(opers.length === 0 ? {} : { opers }),
  };
}

/** The rooms a connection is a member of. */
export function selectRoomsOf(state: RoomState, conn: ConnId): string[] {
  const names: string[] = [];
  for (const room of state.rooms.values()) if (room.members.has(conn)) names.push(room.name);
  return names;
}

/** Everyone who shares at least one room with `conn`, itself included, each once. */
export function selectNeighbours(state: RoomState, conn: ConnId): ConnId[] {
  const seen = new Set<ConnId>([conn]);
  for (const room of state.rooms.values()) {
    if (!room.members.has(conn)) continue;
    for (const id of room.members) seen.add(id);
  }
  return [...seen];
}

/** The connection registered under `nick` (any case), if any. */
export function selectByNick(state: RoomState, nick: string): Connection | undefined {
  const id = state.nicks.get(nick.toLowerCase());
  return id === undefined ? undefined : state.conns.get(id);
}

/** The host part of an `address` as the driver writes it (`1.2.3.4:5`, `[::1]:5`). */
/** [BOOT] The boot a connection id belongs to: ids are `boot * 2**32 + n`. */
export function bootOf(id: ConnId): number {
  return Math.floor(id / 2 ** 32);
}

/**
 * [CONN-CAP] The key a connection is counted under per address: its host, and in a cluster its
 * node's boot too, so the cap counts per node ([CLUSTER]: a node sees only its own sockets).
 */
export function hostKey(state: Pick<RoomState, 'nodes'>, id: ConnId, address: string): string {
  const boot = bootOf(id);
  return state.nodes.has(boot) ? `${boot}/${hostOf(address)}` : hostOf(address);
}

export function hostOf(address: string): string {
  const v6 = /^\[(.*)\]:\d+$/.exec(address);
  if (v6) return v6[1]!;
  const colon = address.lastIndexOf(':');
  return colon > 0 ? address.slice(0, colon) : address;
}
