import { describe, expect, test } from 'vitest';
import { emptySeen } from '../../src/cluster-fold.js';
import { initialRoomState } from '../../src/room-state.js';
import type { BusArchived, BusSnapshot, ClusterBus } from '../../streams/cluster/bus.js';
import { pendingArchive } from '../../streams/cluster/cluster-archive.js';
import { createSnapshotter } from '../../streams/cluster/snapshotter.js';
import type { ArchivedMessage } from '../../streams/log/event-log.js';

/**
 * [CLUSTER-ARCHIVE] The snapshotter writes the pending room messages before each snapshot, and
 * gives them back when Redis refuses them, so the next snapshot carries them: none is trimmed
 * from the log before it is archived. A bus in memory that records the calls (Redis's side is
 * test/cluster/redis-archive.test.ts).
 */
function recordingBus(failures: number) {
  const calls: string[] = [];
  const archived: BusArchived[] = [];
  const bus = {
    async putArchive(messages: readonly BusArchived[]) {
      if (failures-- > 0) {
        calls.push(`putArchive refused ${messages.length}`);
        throw new Error('Redis is down');
      }
      calls.push(`putArchive ${messages.length}`);
      archived.push(...messages);
    },
    async putSnapshot(_boot: number, snapshot: BusSnapshot) {
      calls.push(`putSnapshot ${snapshot.id}`);
    },
    async snapshotIds() {
      return new Map<number, string>();
    },
  } as unknown as ClusterBus;
  return { bus, calls, archived };
}

const row = (room: string | null, id: number): ArchivedMessage => ({ id, ts: id, room, from: 'amy', to: room === null ? 'bob' : null, text: `m${id}` });
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('[CLUSTER-ARCHIVE] the snapshotter and the pending archive', () => {
  test('room messages go to Redis before the snapshot, private ones never; refused ones go with the next', async () => {
    const { bus, calls, archived } = recordingBus(1);
    const pending = pendingArchive(10_000);
    const errors: unknown[] = [];
    let now = 0;
    const snapshotter = createSnapshotter({ bus, boot: 1, every: 2, intervalMs: 60_000, now: () => now, archive: pending, onError: (e) => errors.push(e) });
    const fold = () => ({ state: initialRoomState, seen: emptySeen });
    pending.add([row('#a', 1), row(null, 2), row('#b', 3)]);
    snapshotter.folded(2, '1-0', fold);
    await settle();
    expect(calls).toEqual(['putArchive refused 2']); // no snapshot without its archive
    expect(errors).toHaveLength(1);
    pending.add([row('#a', 4)]);
    snapshotter.folded(2, '2-0', fold);
    await settle();
    expect(calls.slice(1)).toEqual(['putArchive 3', 'putSnapshot 2-0']);
    expect(archived.map((m) => [m.room, m.id, JSON.parse(m.body)])).toEqual([['#a', 1, row('#a', 1)], ['#b', 3, row('#b', 3)], ['#a', 4, row('#a', 4)]]);
    snapshotter.folded(2, '3-0', fold);
    await settle();
    expect(calls.slice(3)).toEqual(['putSnapshot 3-0']); // nothing new: no archive call
  });
});
