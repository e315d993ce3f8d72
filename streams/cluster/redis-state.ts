import type { Redis } from 'ioredis';
import type { BusSnapshot } from './bus.js';
import { BusCorruptError } from './redis-entries.js';
import type { BusKeys } from './redis-keys.js';
import { checkStreamId, compareStreamIds, parseStreamId } from './stream-id.js';

/** [BUS-BOUNDS] The largest snapshot body, in bytes (Redis's own limit for a value is 512 MB). */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** [BUS-BOUNDS] The most boots one `liveBoots` asks about (one MGET). */
export const MAX_BOOTS_ASKED = 10_000;

/** [BUS-BOUNDS] The longest lease, in ms (a day): a longer one is a unit mistake. */
export const MAX_LEASE_MS = 86_400_000;

function checkBoot(boot: number): void {
  if (!Number.isSafeInteger(boot) || boot < 1) throw new TypeError(`boot must be a positive integer, got ${boot}`);
}

/** [BOOT] A boot number no other start has had: INCR of the cluster's counter. */
export async function nextBoot(client: Redis, keys: BusKeys): Promise<number> {
  return client.incr(keys.boot);
}

/** [NODE-LEASE] Sets or renews `boot`'s lease for `ms` (SET PX): it lapses unless renewed. */
export async function renewLease(client: Redis, keys: BusKeys, boot: number, ms: number, health = ''): Promise<void> {
  checkBoot(boot);
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > MAX_LEASE_MS) throw new TypeError(`a lease lasts 1 to ${MAX_LEASE_MS} ms, got ${ms}`);
  if (Buffer.byteLength(health, 'utf8') > MAX_HEALTH_BYTES) throw new TypeError(`a node's health is at most ${MAX_HEALTH_BYTES} bytes [BUS-BOUNDS]`);
  await client.set(keys.lease(boot), health === '' ? '1' : health, 'PX', ms);
}

/** [BUS-BOUNDS] The most a node's health text may take. */
export const MAX_HEALTH_BYTES = 4096;

/** [NODE-HEALTH] Every lease held now and its health text (SCAN of the lease keys, then one MGET); for `rxchat status`. */
export async function leases(client: Redis, keys: BusKeys): Promise<ReadonlyMap<number, string>> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', keys.leases, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
    if (found.length > MAX_BOOTS_ASKED) break;
  } while (cursor !== '0');
  if (found.length === 0) return new Map();
  const values = await client.mget(...found);
  const held = new Map<number, string>();
  found.forEach((key, i) => {
    const boot = Number(key.slice(key.lastIndexOf(':') + 1));
    const value = values[i];
    if (Number.isSafeInteger(boot) && value != null) held.set(boot, value === '1' ? '' : value);
  });
  return held;
}

/** [NODE-LEASE] Those of `boots` whose lease is held now (one MGET). */
export async function liveBoots(client: Redis, keys: BusKeys, boots: readonly number[]): Promise<ReadonlySet<number>> {
  if (boots.length > MAX_BOOTS_ASKED) throw new TypeError(`liveBoots asks about at most ${MAX_BOOTS_ASKED} boots, got ${boots.length}`);
  boots.forEach(checkBoot);
  if (boots.length === 0) return new Set();
  const values = await client.mget(...boots.map((boot) => keys.lease(boot)));
  return new Set(boots.filter((_, i) => values[i] !== null));
}

/** [SNAPSHOT] Stores `boot`'s snapshot, replacing its previous one: the index and the body in one MULTI. */
export async function putSnapshot(client: Redis, keys: BusKeys, boot: number, snapshot: BusSnapshot): Promise<void> {
  checkBoot(boot);
  checkStreamId(snapshot.id, 'snapshot.id');
  if (typeof snapshot.body !== 'string') throw new TypeError('snapshot.body must be a string');
  const bytes = Buffer.byteLength(snapshot.body, 'utf8');
  if (bytes > MAX_SNAPSHOT_BYTES) throw new TypeError(`a snapshot of ${bytes} bytes is over the ${MAX_SNAPSHOT_BYTES}-byte bound [BUS-BOUNDS]`);
  const results = await client
    .multi()
    .hset(keys.snapshots, String(boot), snapshot.id)
    .hset(keys.snapshot(boot), 'id', snapshot.id, 'body', snapshot.body)
    .exec();
  const failed = results === null ? new Error('EXEC aborted') : results.find(([error]) => error !== null)?.[0];
  if (failed) throw new Error(`the snapshot of boot ${boot} was not stored: ${failed.message}`);
}

/** [SNAPSHOT] The index: boot -> snapshot id; an entry that is not a boot and an id is [BUS-CORRUPT]. */
export async function snapshotIds(client: Redis, keys: BusKeys): Promise<ReadonlyMap<number, string>> {
  const index = await client.hgetall(keys.snapshots);
  const ids = new Map<number, string>();
  for (const [field, id] of Object.entries(index)) {
    const boot = /^[1-9]\d{0,15}$/.test(field) ? Number(field) : NaN;
    if (!Number.isSafeInteger(boot) || parseStreamId(id) === null) throw new BusCorruptError(`${keys.snapshots}: ${field} -> ${id} is not a boot and a stream id`);
    ids.set(boot, id);
  }
  return ids;
}

/**
 * [SNAPSHOT] The newest snapshot by stream id, or null. Its id and body are read together (one
 * HMGET of the hash written in one MULTI), so a boot replacing its snapshot meanwhile gives the
 * newer pair, never one's id with the other's body.
 */
export async function newestSnapshot(client: Redis, keys: BusKeys): Promise<BusSnapshot | null> {
  const ids = await snapshotIds(client, keys);
  let newest: [number, string] | null = null;
  for (const [boot, id] of ids) if (newest === null || compareStreamIds(id, newest[1]) > 0) newest = [boot, id];
  if (newest === null) return null;
  const [id, body] = await client.hmget(keys.snapshot(newest[0]), 'id', 'body');
  if (id == null || body == null || parseStreamId(id) === null) throw new BusCorruptError(`${keys.snapshot(newest[0])}: the snapshot the index names is missing or damaged`);
  return { id, body };
}
