import type { RoomEvent } from './events.js';
import { PersistentMap } from './persistent-map.js';
import type { RoomState } from './room-state.js';
import { unchanged, type Step } from './step.js';

/**
 * [CLUSTER] What every node of a cluster folds: the room state, and for each boot the last of its
 * sequence numbers already folded ([CLUSTER-ONCE]). Both are in every snapshot.
 */
export interface ClusterFold {
  readonly state: RoomState;
  readonly seen: PersistentMap<number, number>;
}

/** One entry of the shared log: an event, stamped with the boot that appended it and its number in that boot. */
export interface ClusterEntry {
  readonly boot: number;
  readonly seq: number;
  readonly event: RoomEvent;
}

export const emptySeen: PersistentMap<number, number> = PersistentMap.empty();

/**
 * [CLUSTER-ONCE] Folds one entry of the shared log. A node appends its entries in order and
 * appends a batch again when it cannot know whether the first try was stored, so an entry whose
 * number is not past the last one folded for its boot is a repeat: the same fold, no effects.
 * Every node folds the same entries in the same order with this function, so every node holds the
 * same state and the first of two conflicting events (two `hello bob`) wins on all of them alike.
 */
export function foldEntry(
  reduce: (state: RoomState, event: RoomEvent) => Step,
  fold: ClusterFold,
  entry: ClusterEntry,
): { readonly fold: ClusterFold; readonly step: Step } {
  if (entry.seq <= (fold.seen.get(entry.boot) ?? 0)) return { fold, step: unchanged(fold.state) };
  const step = reduce(fold.state, entry.event);
  return { fold: { state: step.state, seen: fold.seen.set(entry.boot, entry.seq) }, step };
}

/** [SNAPSHOT] The bookkeeping as JSON-safe pairs, and back. */
export function seenToJson(seen: PersistentMap<number, number>): [number, number][] {
  return [...seen.entries()].map(([boot, seq]) => [boot, seq]);
}

export function seenFromJson(data: unknown): PersistentMap<number, number> {
  if (!Array.isArray(data) || !data.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(Number.isSafeInteger))) {
    throw new TypeError('cluster snapshot: "seen" is not a list of [boot, seq] pairs');
  }
  return PersistentMap.of(data as [number, number][]);
}
