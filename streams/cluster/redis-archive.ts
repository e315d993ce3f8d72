import type { Redis } from 'ioredis';
import { MAX_ARCHIVE_BATCH, type BusArchived } from './bus.js';
import type { BusKeys } from './redis-keys.js';

/** [BUS-BOUNDS] The largest body of one archived message. */
export const MAX_ARCHIVED_BYTES = 1024 * 1024;
/** [BUS-BOUNDS] The most a room's archive in Redis may keep. */
export const MAX_ARCHIVE_KEEP = 1_000_000;

function checkArchive(messages: readonly BusArchived[], keep: number): void {
  if (!Number.isSafeInteger(keep) || keep < 1 || keep > MAX_ARCHIVE_KEEP) throw new TypeError(`an archive keeps 1 to ${MAX_ARCHIVE_KEEP} messages per room, got ${keep}`);
  if (messages.length > MAX_ARCHIVE_BATCH) throw new TypeError(`putArchive writes at most ${MAX_ARCHIVE_BATCH} messages at a time, got ${messages.length} [BUS-BOUNDS]`);
  for (const m of messages) {
    if (typeof m.room !== 'string' || m.room === '' || !Number.isSafeInteger(m.id) || m.id < 0 || typeof m.body !== 'string') {
      throw new TypeError('an archived message is { room: non-empty string, id: integer >= 0, body: string }');
    }
    if (Buffer.byteLength(m.body, 'utf8') > MAX_ARCHIVED_BYTES) throw new TypeError(`an archived message is at most ${MAX_ARCHIVED_BYTES} bytes [BUS-BOUNDS]`);
  }
}

/**
 * [CLUSTER-ARCHIVE] Adds messages to their rooms' archives: one sorted set per room, scored by the
 * message id, so the same message added by two nodes (the same id, the same body: every node
 * folds the same log) is kept once, and each room is cut to its newest `keep`. One MULTI.
 */
export async function putArchive(client: Redis, keys: BusKeys, messages: readonly BusArchived[], keep: number): Promise<void> {
  checkArchive(messages, keep);
  if (messages.length === 0) return;
  const multi = client.multi();
  const rooms = new Set<string>();
  for (const m of messages) {
    multi.zadd(keys.archive(m.room), m.id, m.body);
    rooms.add(m.room);
  }
  for (const room of rooms) multi.zremrangebyrank(keys.archive(room), 0, -(keep + 1));
  const results = await multi.exec();
  const failed = results === null ? new Error('EXEC aborted') : results.find(([error]) => error !== null)?.[0];
  if (failed) throw new Error(`the archive was not stored: ${failed.message}`);
}

/** [CLUSTER-ARCHIVE] A room's archived messages with ids below `belowId`, oldest first, in pages of 10,000. */
export async function readArchive(client: Redis, keys: BusKeys, room: string, belowId: number): Promise<readonly string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const page = await client.zrangebyscore(keys.archive(room), '-inf', `(${belowId}`, 'LIMIT', offset, 10_000);
    out.push(...page);
    if (page.length < 10_000 || out.length >= MAX_ARCHIVE_KEEP) return out;
  }
}
