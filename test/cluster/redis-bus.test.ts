import { afterEach, describe, expect, it } from 'vitest';
import { BusCorruptError, MAX_ENTRY_BYTES } from '../../streams/cluster/redis-entries.js';
import { bus, closeAll, contents, entries, eventually, freshPrefix, rawClient, reader } from '../helpers/bus-harness.js';
import { redisPerFile } from '../helpers/redis-per-file.js';

// [CLUSTER-BUS] The Redis Streams bus against a real redis-server (one per file; a key prefix per test).
const redis = redisPerFile();
afterEach(closeAll);

describe('append, readTail and read$', () => {
  it('give every entry once, in the order appended, with increasing ids; readTail starts after the id given', async () => {
    const node = await bus(redis.url, freshPrefix());
    expect(await node.lastId()).toBe('0');
    const appended = [...entries(1, 1, 3), ...entries(1, 4, 1), ...entries(1, 5, 4)];
    const ids = [...(await node.append(appended.slice(0, 3))), ...(await node.append(appended.slice(3, 4))), ...(await node.append(appended.slice(4)))];
    const tail = await node.readTail('0');
    expect(contents(tail)).toEqual(appended);
    expect(tail.map((e) => e.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(8);
    expect(await node.lastId()).toBe(ids[7]);
    expect((await node.readTail(ids[2]!)).map((e) => e.id)).toEqual(ids.slice(3));
    const live = reader(node, ids[0]);
    const read = await live.entries.waitForCount(() => true, 7, 5_000, 'entries');
    expect(read.map((e) => e.id)).toEqual(ids.slice(1));
    const more = entries(1, 9, 2);
    const moreIds = await node.append(more);
    const after = await live.entries.waitForCount(() => true, 9, 5_000, 'entries');
    expect(after.slice(7).map((e) => e.id)).toEqual(moreIds);
  });

  it('read more than a page (XRANGE and XREAD COUNT 1000) in order', async () => {
    const node = await bus(redis.url, freshPrefix());
    const all = entries(2, 1, 2_500);
    for (let i = 0; i < all.length; i += 500) await node.append(all.slice(i, i + 500));
    expect(contents(await node.readTail('0'))).toEqual(all);
    const live = reader(node);
    expect(contents(await live.entries.waitForCount(() => true, 2_500, 10_000, 'entries'))).toEqual(all);
  });

  it('two nodes appending at once: both readers see one order, each batch contiguous, each boot in its seq order', async () => {
    const key = freshPrefix();
    const [a, b] = [await bus(redis.url, key, 'node-a'), await bus(redis.url, key, 'node-b')];
    const [readA, readB] = [reader(a), reader(b)];
    const batches = (boot: number) => Array.from({ length: 20 }, (_, i) => entries(boot, 1 + i * 5, 5));
    const [fromA, fromB] = [batches(1), batches(2)];
    await Promise.all([...fromA.map((batch) => a.append(batch)), ...fromB.map((batch) => b.append(batch))]);
    const [seenA, seenB] = await Promise.all([readA.entries.waitForCount(() => true, 200, 10_000), readB.entries.waitForCount(() => true, 200, 10_000)]);
    expect(seenB.map((e) => e.id)).toEqual(seenA.map((e) => e.id));
    expect(contents(seenA)).toEqual(contents(await a.readTail('0')));
    for (const boot of [1, 2]) expect(seenA.filter((e) => e.boot === boot).map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // [CLUSTER-BUS] MULTI: no entry of the other node lands inside a batch.
    for (let i = 0; i < seenA.length; i += 5) expect(new Set(seenA.slice(i, i + 5).map((e) => e.boot)).size).toBe(1);
  });
});

describe('boots, leases, snapshots, trim', () => {
  it('nextBoot is unique across nodes asking at once', async () => {
    const key = freshPrefix();
    const [a, b] = [await bus(redis.url, key), await bus(redis.url, key)];
    const boots = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).nextBoot()));
    expect([...boots].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('a lease is held until it lapses; another stays', async () => {
    const node = await bus(redis.url, freshPrefix());
    await node.renewLease(1, 60_000);
    await node.renewLease(2, 60_000);
    expect([...(await node.liveBoots([1, 2, 3]))].sort()).toEqual([1, 2]);
    await node.renewLease(2, 50); // renewing with a short lease lets it lapse
    await eventually(async () => !(await node.liveBoots([2])).has(2), 5_000, 'lapsed');
    expect([...(await node.liveBoots([1, 2, 3]))]).toEqual([1]);
    expect((await node.liveBoots([])).size).toBe(0);
  });

  it('newestSnapshot is the newest by stream id (numerically), whichever boot stored it; a boot replaces its own', async () => {
    const node = await bus(redis.url, freshPrefix());
    expect(await node.newestSnapshot()).toBeNull();
    expect((await node.snapshotIds()).size).toBe(0);
    await node.putSnapshot(1, { id: '9-5', body: 'one' });
    await node.putSnapshot(2, { id: '10-0', body: 'two' }); // '10-0' < '9-5' as text, newer as an id
    expect(await node.newestSnapshot()).toEqual({ id: '10-0', body: 'two' });
    await node.putSnapshot(1, { id: '10-1', body: 'one again' });
    expect(await node.newestSnapshot()).toEqual({ id: '10-1', body: 'one again' });
    expect(new Map(await node.snapshotIds())).toEqual(new Map([[1, '10-1'], [2, '10-0']]));
  });

  it('trim deletes the entries below minId and no other', async () => {
    const node = await bus(redis.url, freshPrefix());
    const ids = await node.append(entries(3, 1, 10));
    expect(await node.trim(ids[4]!)).toBe(4);
    expect((await node.readTail('0')).map((e) => e.id)).toEqual(ids.slice(4));
    expect(await node.trim(ids[4]!)).toBe(0);
  });
});

describe('bounds and refusals', () => {
  it('refuses a body over 1 MiB, an empty batch and a bad id, storing nothing', async () => {
    const node = await bus(redis.url, freshPrefix());
    const big = { boot: 1, seq: 1, body: 'x'.repeat(MAX_ENTRY_BYTES + 1) };
    await expect(node.append([...entries(1, 1, 2), big])).rejects.toThrow(/over the 1048576-byte bound/);
    await expect(node.append([])).rejects.toThrow(TypeError);
    await expect(node.append([{ boot: 0, seq: 1, body: '{}' }])).rejects.toThrow(/positive integers/);
    await expect(node.readTail('nonsense')).rejects.toThrow(/Redis Stream id/);
    await expect(node.trim('1-2-3')).rejects.toThrow(/Redis Stream id/);
    await expect(node.renewLease(1, 0)).rejects.toThrow(/a lease lasts/);
    expect(await node.lastId()).toBe('0');
    expect(await node.append([{ boot: 1, seq: 1, body: 'é'.repeat(MAX_ENTRY_BYTES / 2) }])).toHaveLength(1); // exactly 1 MiB in UTF-8
  });

  it('an entry the bus did not write stops readTail and read$ with [BUS-CORRUPT], naming it', async () => {
    const key = freshPrefix();
    const node = await bus(redis.url, key);
    await node.append(entries(1, 1, 2));
    const foreign = await rawClient(redis.url).xadd(`${key}:log`, '*', 'x', 'y');
    await expect(node.readTail('0')).rejects.toThrow(new RegExp(`stream entry ${foreign}`));
    await expect(node.readTail('0')).rejects.toBeInstanceOf(BusCorruptError);
    const live = reader(node);
    expect(await live.errors.waitFor(() => true, 5_000, 'an error')).toBeInstanceOf(BusCorruptError);
    expect(live.entries.items).toHaveLength(2);
  });

  it('unsubscribing from read$ closes its connection (a blocked XREAD keeps nothing alive)', async () => {
    const node = await bus(redis.url, freshPrefix(), 'unsub-node');
    const raw = rawClient(redis.url);
    const readers = async () => ((await raw.client('LIST')) as string).split('\n').filter((line) => line.includes('name=unsub-node-reader')).length;
    const live = reader(node);
    await eventually(async () => (await readers()) === 1, 5_000, 'connected');
    live.subscription.unsubscribe();
    await eventually(async () => (await readers()) === 0, 5_000, 'disconnected');
  });
});
