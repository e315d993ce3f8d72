import type { RoomEvent } from '../../src/events.js';

/** One room or private message as archived. room null = private message (from -> to). */
export interface ArchivedMessage {
  readonly id: number;
  readonly ts: number;
  readonly room: string | null;
  readonly from: string;
  readonly to: string | null;
  readonly text: string;
  readonly kind?: 'action';
}

export interface LoadedLog {
  /** The newest snapshot (state as JSON, see src/state-json.ts) and its log position, or null. */
  readonly snapshot: { readonly seq: number; readonly state: unknown } | null;
  /** Every event after the snapshot, oldest first, already upcast to the current version. */
  readonly tail: readonly RoomEvent[];
  /** The seq of the last event in the log (0 when empty). */
  readonly lastSeq: number;
}

export interface ArchiveQuery {
  readonly room: string;
  readonly before?: number;
  readonly limit: number;
}

/** [ARCHIVE] Every room message kept, read on demand (never loaded at start). */
export interface Archive {
  /** The room's messages with id < before (all when absent), the newest `limit` of them, returned OLDEST first. */
  history(query: ArchiveQuery): readonly ArchivedMessage[];
  /** Full-text search of a room's messages: every word must match; newest first, ids < before, at most limit. */
  search(query: ArchiveQuery & { readonly words: string }): readonly ArchivedMessage[];
}

/** [EVENT-LOG] Where the replay-safe events and the archive live (SQLite, memory; Redis Streams next). */
export interface EventLog {
  load(): LoadedLog;
  /** ONE transaction: the turn's events (consecutive seqs) and archive rows. Throws, writing nothing, on failure. */
  commit(events: readonly RoomEvent[], messages: readonly ArchivedMessage[]): void;
  /** Stores a snapshot taken at `seq` and compacts: deletes events with seq <= the snapshot's, and older snapshots. */
  snapshot(seq: number, state: unknown): void;
  readonly archive: Archive;
  /** Retention: deletes archived messages older than `olderThan` (ms epoch) and/or beyond the newest `keepPerRoom` per room. */
  prune(retention: { readonly olderThan?: number; readonly keepPerRoom?: number }): number;
  close(): void;
}

/** The shape version written with every event; bump it (and teach {@link upcastEvent}) when an event's shape changes. */
export const EVENT_VERSION = 1;

/** [ARCHIVE-LIMIT] The most messages one history or search call returns. */
export const ARCHIVE_MAX_LIMIT = 1000;

/**
 * Turns an event stored at shape version `v` into today's `RoomEvent`. Version 1 is today's shape; an older
 * version gets its step here when one exists. Throws a `RangeError` for a version this build does not know.
 */
export function upcastEvent(v: number, json: unknown): RoomEvent {
  if (v === EVENT_VERSION) return json as RoomEvent;
  throw new RangeError(`event shape version ${v} is unknown to this rxchat (it knows 1 to ${EVENT_VERSION})`);
}
