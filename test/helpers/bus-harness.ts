import { Redis } from 'ioredis';
import type { Subscription } from 'rxjs';
import type { BusAppend, BusEntry, BusStatus, ClusterBus } from '../../streams/cluster/bus.js';
import { openRedisBus } from '../../streams/cluster/redis-bus.js';
import { Collector } from './collector.js';

/** Buses, readers and raw clients a test opened; `closeAll()` in `afterEach`. */
const opened: { close(): unknown }[] = [];
let prefixes = 0;

/** A key prefix no other test of this process uses, so tests share one Redis without meeting. */
export function freshPrefix(): string {
  return `t${process.pid}-${++prefixes}`;
}

export async function bus(url: string, key: string, name?: string): Promise<ClusterBus> {
  const opening = await openRedisBus(url, name === undefined ? { key } : { key, name });
  opened.push(opening);
  return opening;
}

/** A plain client for what the bus does not do (CLIENT LIST, writing a foreign entry). */
export function rawClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {});
  opened.push({ close: () => client.disconnect() });
  return client;
}

/** Entries of boot `boot` with seqs `from` .. `from + count - 1`, bodies naming both. */
export function entries(boot: number, from: number, count: number): BusAppend[] {
  return Array.from({ length: count }, (_, i) => ({ boot, seq: from + i, body: JSON.stringify({ boot, seq: from + i }) }));
}

/** A read$ subscription whose entries (one by one) and error are collected. */
export interface Reader {
  readonly entries: Collector<BusEntry>;
  readonly errors: Collector<unknown>;
  readonly subscription: Subscription;
}

export function reader(source: ClusterBus, afterId = '0'): Reader {
  const collected = new Collector<BusEntry>();
  const errors = new Collector<unknown>();
  const subscription = source.read$(afterId).subscribe({
    next: (batch) => batch.forEach((entry) => collected.push(entry)),
    error: (error: unknown) => errors.push(error),
  });
  opened.push({ close: () => subscription.unsubscribe() });
  return { entries: collected, errors, subscription };
}

/** status$ collected. */
export function statuses(source: ClusterBus): Collector<BusStatus> {
  const collected = new Collector<BusStatus>();
  const subscription = source.status$.subscribe((status) => collected.push(status));
  opened.push({ close: () => subscription.unsubscribe() });
  return collected;
}

/** Waits, bounded, until `check` resolves true (polling every 50 ms); rejects naming `what`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not ${what} within ${timeoutMs} ms`);
}

export async function closeAll(): Promise<void> {
  for (const item of opened.splice(0).reverse()) await item.close();
}

/** The (boot, seq, body) of entries, without ids, to compare what was appended with what was read. */
export function contents(list: readonly (BusAppend | BusEntry)[]): BusAppend[] {
  return list.map(({ boot, seq, body }) => ({ boot, seq, body }));
}
