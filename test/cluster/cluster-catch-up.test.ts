import { afterEach, describe, expect, test } from 'vitest';
import type { ServerFrame } from '../../src/protocol.js';
import { ask, flood, joinEverywhere, NODE_WAIT, startNode, stopCluster } from '../helpers/cluster-nodes.js';
import { NativeClient } from '../helpers/native-client.js';
import { startRedis } from '../helpers/redis-server.js';

/**
 * [CLUSTER-TRIM] A node started after 100,000 messages catches up from the newest snapshot and the
 * log's tail before it listens, and then answers `history` as the node that saw them all.
 */
const ROOMS = ['#r0', '#r1', '#r2', '#r3'];
const SENDERS = 4;
const PER_SENDER = 25_000;
const PAGES = 3;

afterEach(stopCluster);

/** `PAGES` pages of 1,000 messages of `room`, newest first, paging back with `before`. */
async function historyPages(client: NativeClient, room: string): Promise<number[][]> {
  const pages: number[][] = [];
  let before: number | undefined;
  for (let page = 0; page < PAGES; page++) {
    const start = client.frames.items.length;
    client.send({ type: 'history', room, limit: 1000, ...(before === undefined ? {} : { before }) });
    // A page is one turn's frames; a ping asked after it is answered after them.
    await ask(client, { type: 'ping', ref: `page-${room}-${page}` }, (f) => f.type === 'pong' && f.ref === `page-${room}-${page}`, 'the end of a page');
    const ids = client.frames.items.slice(start).filter((f): f is Extract<ServerFrame, { type: 'message' }> => f.type === 'message' && f.room === room && f.history === true).map((f) => f.id);
    pages.push(ids);
    if (ids.length === 0) break;
    before = Math.min(...ids);
  }
  return pages;
}

describe('[CLUSTER-TRIM] a node that starts after 100,000 messages', () => {
  test('catches up before it listens and serves the same rooms and history as the first node', async () => {
    const redis = await startRedis();
    const first = await startNode(redis, 'n0');
    const senders = await Promise.all(Array.from({ length: SENDERS }, (_, n) => NativeClient.join(first.port, `snd${n}`, NODE_WAIT)));
    await joinEverywhere(senders, ROOMS);
    const writing = Date.now();
    for (const [n, sender] of senders.entries()) flood(sender, `snd${n}`, ROOMS, PER_SENDER);
    for (const sender of senders) await sender.frames.waitForCount((f) => f.type === 'ack', PER_SENDER, 60_000, 'acks');
    const wroteMs = Date.now() - writing;
    // The senders stop listening to the rooms: what follows is about the node, not their sockets.
    for (const sender of senders) sender.destroy();

    const starting = Date.now();
    const late = await startNode(redis, 'n1');
    const startMs = Date.now() - starting;
    const caughtUp = late.logs.items.find((l) => l['msg'] === 'storage: cluster node')!;
    console.log(`[CLUSTER-TRIM] ${SENDERS * PER_SENDER} messages written through one node in ${wroteMs} ms; a node started after them listened in ${startMs} ms (caught up ${String(caughtUp['caughtUpEntries'])} entries${caughtUp['fromSnapshot'] === true ? ' after a snapshot' : ''} in ${String(caughtUp['recoveryMs'])} ms)`);

    const readers = [await NativeClient.join(first.port, 'rdr0', NODE_WAIT), await NativeClient.join(late.port, 'rdr1', NODE_WAIT)];
    await joinEverywhere(readers, ROOMS);
    const rooms = await Promise.all(readers.map((r) => ask(r, { type: 'rooms' }, (f) => f.type === 'rooms', 'rooms')));
    expect(rooms[1]).toEqual(rooms[0]);
    for (const room of ROOMS) {
      const [seen, served] = [await historyPages(readers[0]!, room), await historyPages(readers[1]!, room)];
      expect(seen.flat().length, `history of ${room} on the first node`).toBe(PAGES * 1000);
      expect(served, `history of ${room} on the late node`).toEqual(seen);
    }
  }, 120_000);
});
