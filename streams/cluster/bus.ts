import type { Observable } from 'rxjs';

/**
 * [CLUSTER-BUS] The one ordered log that the nodes of a cluster share (issue 10). Redis Streams
 * implement it (`redis-bus.ts`); the cluster store (`cluster-store.ts`) is written against this
 * contract only. Every entry is one event of one node, stamped with the node's boot and its own
 * sequence number, so a fold can drop an entry it has already folded ([CLUSTER-ONCE]).
 */
export interface BusEntry {
  /** The stream's id of the entry (Redis: `<ms>-<n>`), increasing in the stream's order. */
  readonly id: string;
  /** The boot that appended it ([BOOT]: unique across the cluster) and its sequence number in that boot, from 1. */
  readonly boot: number;
  readonly seq: number;
  /** The event as JSON (a `RoomEvent`, already redacted: no secret ever reaches the bus). */
  readonly body: string;
}

/** What a node appends: its boot and seq, and the event's JSON. */
export type BusAppend = Omit<BusEntry, 'id'>;

/** A snapshot of the folded state at a stream position ([SNAPSHOT]). */
export interface BusSnapshot {
  /** The id of the last entry the state includes. */
  readonly id: string;
  /** The state and the fold's bookkeeping, as JSON text. */
  readonly body: string;
}

/** [BUS-BOUNDS] Most messages one `putArchive` writes (one MULTI). */
export const MAX_ARCHIVE_BATCH = 100_000;

/** [CLUSTER-ARCHIVE] A room message for the archive in Redis: its room, its id, and the message as JSON. */
export interface BusArchived {
  readonly room: string;
  readonly id: number;
  readonly body: string;
}

/** Whether the bus can be reached now; a node refuses new messages while it is `down`. */
export type BusStatus =
  | { readonly up: true }
  | { readonly up: false; readonly reason: string };

export interface ClusterBus {
  /**
   * Appends entries in the given order, as one atomic batch (MULTI/EXEC), and resolves with their
   * ids. Rejects when the batch's fate is not known to be "all stored" (connection lost, timeout,
   * Redis error); the caller may append the same entries again later, and the fold drops repeats.
   */
  append(entries: readonly BusAppend[]): Promise<readonly string[]>;
  /**
   * Every entry after `afterId` ('0' for all), in the stream's order, in batches as they come
   * (blocking reads on a connection of its own). Never completes while subscribed; a failed read is
   * retried with backoff from the last id delivered, so nothing is skipped and nothing repeated.
   */
  read$(afterId: string): Observable<readonly BusEntry[]>;
  /** Reads every entry after `afterId` that exists now, then resolves (catching up before listening). */
  readTail(afterId: string): Promise<readonly BusEntry[]>;
  /** The id of the newest entry ('0' when the stream is empty). */
  lastId(): Promise<string>;
  /** [BOOT] A boot number no other node start has had (an atomic counter). */
  nextBoot(): Promise<number>;
  /**
   * [NODE-LEASE] Sets (or renews) this boot's lease for `ms`; a lapsed lease means the node is gone.
   * `health` ([NODE-HEALTH], JSON text, at most 4 KiB) is what `rxchat status` shows of the node.
   */
  renewLease(boot: number, ms: number, health?: string): Promise<void>;
  /** [NODE-HEALTH] Every lease held now, by boot, with the health its node last wrote ('' for none). */
  leases(): Promise<ReadonlyMap<number, string>>;
  /** How long the log is, and its oldest and newest ids ('0' when empty). */
  streamInfo(): Promise<{ readonly length: number; readonly firstId: string; readonly lastId: string }>;
  /** Of `boots`, those whose lease is still held. */
  liveBoots(boots: readonly number[]): Promise<ReadonlySet<number>>;
  /** Stores this boot's snapshot (replacing its previous one). */
  putSnapshot(boot: number, snapshot: BusSnapshot): Promise<void>;
  /** The newest snapshot any boot stored (by stream id), or null. */
  newestSnapshot(): Promise<BusSnapshot | null>;
  /** The snapshot ids stored, by boot (to trim below the oldest of the live ones). */
  snapshotIds(): Promise<ReadonlyMap<number, string>>;
  /**
   * [CLUSTER-ARCHIVE] Adds room messages to the rooms' archives (a message added twice, by two
   * nodes, is kept once) and keeps each room's newest `keep`: what a node that starts after the log
   * was trimmed loads for `history` and `search`.
   */
  putArchive(messages: readonly BusArchived[], keep: number): Promise<void>;
  /** [CLUSTER-ARCHIVE] A room's archived messages (their JSON) with ids below `belowId`, oldest first. */
  readArchive(room: string, belowId: number): Promise<readonly string[]>;
  /** Deletes entries with ids below `minId` (XTRIM MINID); resolves with how many went. */
  trim(minId: string): Promise<number>;
  /** Up and down transitions, starting with the current one; distinct. */
  readonly status$: Observable<BusStatus>;
  /** Closes every connection; pending calls reject. */
  close(): Promise<void>;
}
