import type { Redis } from 'ioredis';
import { Observable, Subject } from 'rxjs';
import type { BusAppend, BusEntry, ClusterBus } from './bus.js';
import { putArchive, readArchive } from './redis-archive.js';
import { connectRedis, watchStatus } from './redis-connection.js';
import { checkBatch, entryFields } from './redis-entries.js';
import { busKeys } from './redis-keys.js';
import { leases, liveBoots, newestSnapshot, nextBoot, putSnapshot, renewLease, snapshotIds } from './redis-state.js';
import { readStream$, readTail } from './redis-stream-read.js';
import { checkStreamId } from './stream-id.js';

/** Options of `openRedisBus`. */
export interface RedisBusOptions {
  /** [BUS-KEYS] The prefix of every key (default 'rxchat'): one cluster per prefix. */
  readonly key?: string;
  /** The name the connections give Redis (CLIENT SETNAME), to tell nodes apart in CLIENT LIST. */
  readonly name?: string;
}

/**
 * [CLUSTER-BUS] Appends a batch as one MULTI with one XADD per entry, in order: one round trip,
 * and no other client's entry lands between them. Resolves only when every XADD returned an id.
 */
async function append(client: Redis, key: string, entries: readonly BusAppend[]): Promise<readonly string[]> {
  checkBatch(entries);
  const multi = client.multi();
  for (const entry of entries) multi.xadd(key, '*', ...entryFields(entry));
  const results = await multi.exec().catch((error: Error) => {
    throw new Error(`Redis did not store the append: ${error.message}`, { cause: error });
  });
  if (results === null) throw new Error('Redis did not store the append: EXEC aborted');
  return results.map(([error, id], i) => {
    if (error !== null || typeof id !== 'string') throw new Error(`Redis did not store the whole append: entry ${i}: ${error?.message ?? 'no id'}`);
    return id;
  });
}

/** [CLUSTER-BUS] The id of the newest entry (XREVRANGE ... COUNT 1), '0' for an empty stream. */
async function lastId(client: Redis, key: string): Promise<string> {
  const newest = await client.xrevrange(key, '+', '-', 'COUNT', 1);
  return newest[0]?.[0] ?? '0';
}

/** The log's length (XLEN) and its oldest and newest ids. */
async function streamInfo(client: Redis, key: string): Promise<{ length: number; firstId: string; lastId: string }> {
  const [length, first, newest] = await Promise.all([client.xlen(key), client.xrange(key, '-', '+', 'COUNT', 1), lastId(client, key)]);
  return { length, firstId: first[0]?.[0] ?? '0', lastId: newest };
}

/** [CLUSTER-BUS] XTRIM MINID: exact, so the entries a snapshot does not cover all stay. */
async function trim(client: Redis, key: string, minId: string): Promise<number> {
  checkStreamId(minId, 'minId');
  return client.xtrim(key, 'MINID', minId);
}

/**
 * [CLUSTER-BUS] Opens the cluster bus on the Redis at `url` (`redis://host:port`, `rediss://` for
 * TLS) and resolves once Redis answers; rejects, naming the URL, when it cannot be reached. Commands
 * share one connection; each `read$` subscription has its own ([BUS-READ]). While Redis is down,
 * every call rejects at once and the connections reconnect with backoff ([BUS-RECONNECT]).
 */
export async function openRedisBus(url: string, options: RedisBusOptions = {}): Promise<ClusterBus> {
  const keys = busKeys(options.key ?? 'rxchat');
  const name = options.name ?? 'rxchat-bus';
  const client = await connectRedis(url, name);
  const status = watchStatus(client);
  const closed$ = new Subject<void>();
  let closing: Promise<void> | null = null;
  const read$ = (afterId: string): Observable<readonly BusEntry[]> => {
    const open = () => client.duplicate({ connectionName: `${name}-reader` }).on('error', () => {}); // its failures reach read$'s retry
    const entries$ = readStream$(open, keys.log, afterId);
    return new Observable((subscriber) => {
      if (closing !== null) return subscriber.error(new Error('the bus is closed'));
      const onClose = closed$.subscribe(() => subscriber.error(new Error('the bus is closed')));
      subscriber.add(onClose);
      subscriber.add(entries$.subscribe(subscriber));
    });
  };
  return {
    append: (entries) => append(client, keys.log, entries),
    read$,
    readTail: (afterId) => readTail(client, keys.log, afterId),
    lastId: () => lastId(client, keys.log),
    nextBoot: () => nextBoot(client, keys),
    renewLease: (boot, ms, health) => renewLease(client, keys, boot, ms, health),
    leases: () => leases(client, keys),
    streamInfo: () => streamInfo(client, keys.log),
    liveBoots: (boots) => liveBoots(client, keys, boots),
    putSnapshot: (boot, snapshot) => putSnapshot(client, keys, boot, snapshot),
    newestSnapshot: () => newestSnapshot(client, keys),
    snapshotIds: () => snapshotIds(client, keys),
    putArchive: (messages, keep) => putArchive(client, keys, messages, keep),
    readArchive: (room, belowId) => readArchive(client, keys, room, belowId),
    trim: (minId) => trim(client, keys.log, minId),
    status$: status.status$,
    close() {
      closing ??= Promise.resolve().then(() => {
        closed$.next(); // readers error first, and their teardown disconnects their connections
        closed$.complete();
        status.stop();
        client.disconnect();
      });
      return closing;
    },
  };
}
