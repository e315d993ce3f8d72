import type { Redis } from 'ioredis';
import { defer, expand, filter, map, Observable, retry, throwError, timer } from 'rxjs';
import type { BusEntry } from './bus.js';
import { BusCorruptError, decodeEntry } from './redis-entries.js';
import { checkStreamId } from './stream-id.js';

/** [BUS-READ] Entries per XREAD or XRANGE page. */
export const READ_COUNT = 1_000;

/** [BUS-READ] How long one XREAD blocks for new entries, in ms (then it is sent again). */
export const BLOCK_MS = 1_000;

/** [BUS-BOUNDS] The most entries `readTail` returns: past it the stream needs trimming (snapshots), not more memory. */
export const MAX_TAIL_ENTRIES = 5_000_000;

/** [BUS-READ] The wait before retrying a failed read: 100, 200, 400 ... ms, capped at 2 s. */
export function readRetryDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt - 1, 5), 2_000);
}

type RawEntry = [string, string[]];

/**
 * [BUS-READ] Every entry after `afterId` that exists now, in pages of `READ_COUNT` (XRANGE from the
 * exclusive id to '+'). Rejects on a Redis error, a corrupt entry, or a tail over `MAX_TAIL_ENTRIES`.
 */
export async function readTail(client: Redis, key: string, afterId: string): Promise<BusEntry[]> {
  checkStreamId(afterId, 'afterId');
  const entries: BusEntry[] = [];
  for (let after = afterId; ; ) {
    const page = (await client.xrange(key, `(${after}`, '+', 'COUNT', READ_COUNT)) as RawEntry[];
    for (const raw of page) entries.push(decodeEntry(raw));
    if (page.length < READ_COUNT) return entries;
    if (entries.length > MAX_TAIL_ENTRIES) throw new RangeError(`the stream ${key} holds over ${MAX_TAIL_ENTRIES} entries after ${afterId}: it is not being trimmed [BUS-BOUNDS]`);
    after = page[page.length - 1]![0];
  }
}

/**
 * Decodes a page up to its first corrupt entry: the good ones before it are delivered, and the
 * next read, starting there, meets it first and throws [BUS-CORRUPT].
 */
function decodeUpToCorrupt(page: readonly RawEntry[]): BusEntry[] {
  const decoded: BusEntry[] = [];
  for (const raw of page) {
    try {
      decoded.push(decodeEntry(raw));
    } catch (error) {
      if (decoded.length === 0) throw error;
      break;
    }
  }
  return decoded;
}

/** One blocking XREAD after `after`: the entries that came, or none when the block timed out. */
async function readBatch(client: Redis, key: string, after: string): Promise<BusEntry[]> {
  if (client.status === 'wait') await client.connect(); // the reader's connection is lazy: opened by its first read
  const reply = (await client.xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', key, after)) as [string, RawEntry[]][] | null;
  return reply === null ? [] : decodeUpToCorrupt(reply[0]?.[1] ?? []);
}

interface Batch {
  /** The id the next read starts after: the last entry delivered so far. */
  readonly after: string;
  readonly entries: readonly BusEntry[];
}

/**
 * One read after `after`, retried with backoff until it succeeds; a corrupt entry is not retried
 * (it would be met again) and ends the stream with its error.
 */
function readAfter(client: Redis, key: string, after: string): Observable<Batch> {
  return defer(() => readBatch(client, key, after)).pipe(
    retry({ delay: (error: unknown, attempt) => (error instanceof BusCorruptError ? throwError(() => error) : timer(readRetryDelay(attempt))) }),
    map((entries) => ({ after: entries.length > 0 ? entries[entries.length - 1]!.id : after, entries })),
  );
}

/**
 * [BUS-READ] Every entry after `afterId` on a connection of its own (`open` makes it; a blocking
 * read would hold up every other command on a shared one). Each read starts after the last entry
 * delivered, so a failed read, retried, skips nothing and repeats nothing. Unsubscribing
 * disconnects that connection, so a pending blocking read keeps neither Redis nor the process busy.
 */
export function readStream$(open: () => Redis, key: string, afterId: string): Observable<readonly BusEntry[]> {
  checkStreamId(afterId, 'afterId');
  return new Observable<readonly BusEntry[]>((subscriber) => {
    const client = open();
    const subscription = readAfter(client, key, afterId)
      .pipe(
        expand((batch) => readAfter(client, key, batch.after)),
        filter((batch) => batch.entries.length > 0),
        map((batch) => batch.entries),
      )
      .subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      client.disconnect();
    };
  });
}
