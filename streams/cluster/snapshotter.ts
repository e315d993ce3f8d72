import { seenToJson, type ClusterFold } from '../../src/cluster-fold.js';
import { stateToJson } from '../../src/state-json.js';
import type { BusArchived, ClusterBus } from './bus.js';
import { compareStreamIds } from './stream-id.js';

export interface SnapshotterOptions {
  readonly bus: ClusterBus;
  readonly boot: number;
  /** [SNAPSHOT] A snapshot after this many folded entries, or this long after the last one. */
  readonly every: number;
  readonly intervalMs: number;
  readonly now: () => number;
  /** Told when storing a snapshot or trimming fails (the next one tries again). */
  readonly onError?: (error: unknown) => void;
  /**
   * [CLUSTER-ARCHIVE] The room messages folded since the last snapshot (taken: the next call has
   * only newer ones), written to Redis's archive before each snapshot, each room cut to `keep`;
   * given back when that fails, to go with the next one.
   */
  readonly archive?: { take(): readonly BusArchived[]; giveBack(messages: readonly BusArchived[]): void; readonly keep: number };
}

/**
 * [CLUSTER-TRIM] Each node stores a snapshot of its fold now and then, under its boot, and then
 * trims the log below the oldest snapshot of the boots still live: every live node can restart from
 * its own snapshot, and a new node from the newest one, with the entries after it still there.
 * A live boot without a snapshot yet keeps the whole log. One snapshot at a time. Before each, the
 * room messages folded since the last one go to the archive in Redis ([CLUSTER-ARCHIVE]), so what
 * the trim removes stays there for `history` on a node that starts later.
 */
export function createSnapshotter(options: SnapshotterOptions) {
  const { bus, boot, now } = options;
  let since = 0;
  let at = now();
  let busy = false;

  async function take(id: string, fold: ClusterFold): Promise<void> {
    // The archive first: a snapshot is trimmed below only once every message before it is archived.
    const archived = options.archive?.take() ?? [];
    if (archived.length > 0) {
      await bus.putArchive(archived, options.archive!.keep).catch((error: unknown) => {
        options.archive!.giveBack(archived);
        throw error;
      });
    }
    const body = JSON.stringify({ state: stateToJson(fold.state), seen: seenToJson(fold.seen) });
    await bus.putSnapshot(boot, { id, body });
    const ids = await bus.snapshotIds();
    const live = [...fold.state.nodes.keys()];
    const kept = live.map((b) => ids.get(b));
    if (kept.length === 0 || kept.some((k) => k === undefined)) return;
    const oldest = (kept as string[]).reduce((a, b) => (compareStreamIds(a, b) <= 0 ? a : b));
    await bus.trim(oldest);
  }

  return {
    /** After `count` entries were folded up to `lastId`: stores a snapshot of `current()` when one is due. */
    folded(count: number, lastId: string, current: () => ClusterFold): void {
      since += count;
      if (busy || (since < options.every && now() - at < options.intervalMs)) return;
      busy = true;
      since = 0;
      at = now();
      take(lastId, current())
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          busy = false;
        });
    },
  };
}
