import type { RoomState } from '../../src/room-state.js';
import type { ArchivedMessage } from '../log/event-log.js';
import { MAX_ARCHIVE_BATCH, type BusArchived, type ClusterBus } from './bus.js';

/**
 * [CLUSTER-ARCHIVE] A node that starts from a snapshot loads each room's archive from Redis (the
 * messages before the snapshot, which the trim may have removed from the log); the tail adds the rest.
 */
export async function loadArchive(bus: ClusterBus, state: RoomState, memory: { commit(events: [], messages: readonly ArchivedMessage[]): void }): Promise<void> {
  for (const room of state.rooms.keys()) {
    const bodies = await bus.readArchive(room, state.nextMessageId);
    if (bodies.length > 0) memory.commit([], bodies.map((body) => JSON.parse(body) as ArchivedMessage));
  }
}

/**
 * [CLUSTER-ARCHIVE] Room messages folded and not yet in Redis's archive. Past `MAX_ARCHIVE_BATCH` (snapshots
 * failing for that long) the oldest go: a node that starts later lacks them in its `history`.
 */
export function pendingArchive(keep: number) {
  // Kept as the archive's rows and written as JSON only when a snapshot takes them: no cost per message beyond a push.
  let pending: ArchivedMessage[] = [];
  return {
    keep,
    add(messages: readonly ArchivedMessage[]): void {
      for (const m of messages) if (m.room !== null) pending.push(m);
      if (pending.length > MAX_ARCHIVE_BATCH) pending = pending.slice(pending.length - MAX_ARCHIVE_BATCH);
    },
    take: (): readonly BusArchived[] => pending.splice(0).map((m) => ({ room: m.room!, id: m.id, body: JSON.stringify(m) })),
    giveBack(messages: readonly BusArchived[]): void {
      pending = [...messages.map((m) => JSON.parse(m.body) as ArchivedMessage), ...pending].slice(-MAX_ARCHIVE_BATCH);
    },
  };
}
