import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ARCHIVE_BATCH, type BusArchived } from '../../streams/cluster/bus.js';
import { bus, closeAll, freshPrefix } from '../helpers/bus-harness.js';
import { redisPerFile } from '../helpers/redis-per-file.js';

// [CLUSTER-ARCHIVE] The rooms' archives in Redis, against a real redis-server (a key prefix per test).
const redis = redisPerFile();
afterEach(closeAll);

const message = (room: string, id: number): BusArchived => ({ room, id, body: JSON.stringify({ id, ts: id, room, from: 'amy', to: null, text: `m${id}` }) });
const range = (room: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => message(room, from + i));

describe('[CLUSTER-ARCHIVE] putArchive and readArchive', () => {
  it('keep each room apart, oldest first, below the id asked; the same messages from two nodes are kept once', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await bus(redis.url, prefix), await bus(redis.url, prefix)];
    await a.putArchive([...range('#a', 1, 6), ...range('#b', 6, 8)], 100);
    await b.putArchive(range('#a', 3, 9), 100); // b folded an overlapping stretch of the same log
    expect(await a.readArchive('#a', 100)).toEqual(range('#a', 1, 9).map((m) => m.body));
    expect(await b.readArchive('#b', 100)).toEqual(range('#b', 6, 8).map((m) => m.body));
    expect(await a.readArchive('#a', 4)).toEqual(range('#a', 1, 4).map((m) => m.body));
    expect(await a.readArchive('#none', 100)).toEqual([]);
  });

  it('cut each room to its newest `keep`, and read more than a page', async () => {
    const node = await bus(redis.url, freshPrefix());
    await node.putArchive(range('#a', 0, 25_000), 20_000);
    const kept = await node.readArchive('#a', 1e9);
    expect(kept).toHaveLength(20_000);
    expect(kept[0]).toBe(message('#a', 5_000).body);
    expect(kept.at(-1)).toBe(message('#a', 24_999).body);
  });

  it('refuse what is out of bounds with a TypeError before Redis sees it', async () => {
    const node = await bus(redis.url, freshPrefix());
    await expect(node.putArchive([message('#a', 1)], 0)).rejects.toThrow(TypeError);
    await expect(node.putArchive([{ room: '', id: 1, body: 'x' }], 10)).rejects.toThrow(TypeError);
    await expect(node.putArchive([{ room: '#a', id: -1, body: 'x' }], 10)).rejects.toThrow(TypeError);
    await expect(node.putArchive(range('#a', 0, MAX_ARCHIVE_BATCH + 1), 10)).rejects.toThrow(/at most/);
    expect(await node.readArchive('#a', 1e9)).toEqual([]);
  });
});
