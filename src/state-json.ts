import { BoundedHistory } from './bounded-history.js';
import type { ConnId, RoomConfig } from './events.js';
import { PersistentMap } from './persistent-map.js';
import { PersistentSet } from './persistent-set.js';
import type { MessageFrame } from './protocol.js';
import { withEveryField, type Ban, type Connection, type RoomState, type Topic } from './room-state.js';

/** [SNAPSHOT-V] The shape of a snapshot; a later shape gets an upcast from this one. */
export const SNAPSHOT_VERSION = 1;

/** A room as a snapshot holds it: plain arrays. */
interface RoomJson {
  readonly name: string;
  readonly members: readonly ConnId[];
  readonly topic: Topic | null;
  readonly topicLocked: boolean;
  readonly history: readonly MessageFrame[];
  /** [ROOM-CREATED] Absent in snapshots written before it was kept: such a room takes the time of its next join. */
  readonly createdAt?: number;
}

/** [SNAPSHOT] The whole room state as plain JSON data, with its version. */
export interface StateJson {
  readonly v: typeof SNAPSHOT_VERSION;
  readonly conns: readonly Connection[];
  readonly nicks: readonly (readonly [string, ConnId])[];
  readonly rooms: readonly RoomJson[];
  readonly bans: readonly Ban[];
  readonly mutes: readonly (readonly [string, number | null])[];
  readonly perHost: readonly (readonly [string, number])[];
  readonly nextMessageId: number;
  readonly shuttingDown: boolean;
  readonly boot: number;
  readonly config?: RoomConfig;
  /** [CLUSTER] Live boots of cluster nodes; absent in a snapshot of one process (and of older builds). */
  readonly nodes?: readonly (readonly [number, string])[];
}

/** [SNAPSHOT] The state as JSON-safe data: `stateFromJson(JSON.parse(JSON.stringify(x)))` gives it back. */
export function stateToJson(state: RoomState): StateJson {
  return {
    v: SNAPSHOT_VERSION,
    conns: [...state.conns.values()],
    nicks: [...state.nicks.entries()],
    rooms: [...state.rooms.values()].map((room) => ({
      name: room.name, members: [...room.members], topic: room.topic, topicLocked: room.topicLocked, history: room.history.toJSON(),
      ...(room.createdAt === undefined ? {} : { createdAt: room.createdAt }),
    })),
    bans: state.bans,
    mutes: [...state.mutes.entries()],
    perHost: [...state.perHost.entries()],
    nextMessageId: state.nextMessageId,
    shuttingDown: state.shuttingDown,
    boot: state.boot,
    ...(state.config === undefined ? {} : { config: state.config }),
    ...(state.nodes.size === 0 ? {} : { nodes: [...state.nodes.entries()] }),
  };
}

/**
 * [SNAPSHOT] Rebuilds a state from `stateToJson`'s data (after a JSON round trip). Throws a
 * `TypeError` naming the problem for data of another version or shape: a snapshot that cannot be
 * read must stop the server, never start it empty.
 */
export function stateFromJson(data: unknown): RoomState {
  const json = data as StateJson;
  if (typeof json !== 'object' || json === null || json.v !== SNAPSHOT_VERSION) {
    throw new TypeError(`snapshot version ${String((json as { v?: unknown } | null)?.v)} is not ${SNAPSHOT_VERSION}`);
  }
  if (!Array.isArray(json.conns) || !Array.isArray(json.rooms) || typeof json.nextMessageId !== 'number') {
    throw new TypeError('snapshot is not a room state');
  }
  return {
    conns: PersistentMap.of(json.conns.map((conn) => [conn.id, withEveryField(conn)] as const)),
    nicks: PersistentMap.of(json.nicks),
    rooms: PersistentMap.of(json.rooms.map((room) => [room.name, {
      name: room.name, members: PersistentSet.of(room.members), topic: room.topic, topicLocked: room.topicLocked, history: BoundedHistory.fromJSON(room.history),
      ...(typeof room.createdAt === 'number' ? { createdAt: room.createdAt } : {}),
    }] as const)),
    bans: json.bans,
    mutes: PersistentMap.of(json.mutes),
    perHost: PersistentMap.of(json.perHost),
    nextMessageId: json.nextMessageId,
    shuttingDown: json.shuttingDown,
    boot: json.boot,
    ...(json.config === undefined ? {} : { config: json.config }),
    nodes: PersistentMap.of(json.nodes ?? []),
  };
}
