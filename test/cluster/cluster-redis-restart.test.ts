import { afterEach, describe, expect, test } from 'vitest';
import { textOf } from '../helpers/cluster-nodes.js';
import { expectedView, joinEverywhere, liveView, NODE_WAIT, startNode, stopCluster, type Sent } from '../helpers/cluster-nodes.js';
import { pacedFlood, resendRefused, Session } from '../helpers/cluster-senders.js';
import type { ServerProcess } from '../helpers/processes.js';
import { startRedis } from '../helpers/redis-server.js';

/**
 * [BUS-RECONNECT] [STORAGE-FAILED] The cluster's Redis (AOF on) restarted in the middle of a flood
 * from senders on two real nodes: what was acknowledged is kept, what came while it was down is
 * refused with its ref and sent again, and every member ends with every message exactly once.
 */
const ROOMS = ['#r0', '#r1'];
const TOTAL = 300;

afterEach(stopCluster);

describe('[BUS-RECONNECT] Redis restarted under two nodes in the middle of a flood', () => {
  test('no acknowledged message lost, none twice; refusals name their ref, and the resent ones arrive once', async () => {
    const redis = await startRedis({ appendonly: true });
    const nodes: ServerProcess[] = [];
    for (let n = 0; n < 2; n++) nodes.push(await startNode(redis, `n${n}`));
    const senders = await Promise.all(nodes.map((node, n) => Session.join(node.port, `snd${n}`)));
    const listeners = await Promise.all(nodes.map((node, n) => Session.join(node.port, `lsn${n}`)));
    await joinEverywhere([...senders, ...listeners].map((s) => s.client), ROOMS);

    const floods = senders.map((s) => pacedFlood(s, ROOMS, TOTAL, { batch: 3, everyMs: 30 }));
    await senders[0]!.client.frames.waitForCount((f) => f.type === 'ack', TOTAL / 4, NODE_WAIT, 'a quarter of the acks');
    const ackedBefore = senders.map((s) => s.acked(ROOMS));
    await redis.restart();
    await Promise.all(floods);
    for (const s of senders) await resendRefused(s, ROOMS, TOTAL);

    const all = new Map<string, Sent>();
    for (const [n, s] of senders.entries()) {
      const acks = s.acked(ROOMS);
      expect(acks.size, `${s.nick}'s acks`).toBe(TOTAL);
      // An ack is for good: the same id after the restart as before it.
      for (const [ref, sent] of ackedBefore[n]!) expect(acks.get(ref)).toEqual(sent);
      for (const [ref, sent] of acks) all.set(ref, sent);
    }
    expect(new Set([...all.values()].map((s) => s.id)).size).toBe(all.size);
    // Every refusal while Redis was down named a message of ours, which was not acked before it.
    const refused = senders.flatMap((s) => s.connections.flatMap((c) => c.frames.items.filter((f) => f.type === 'error')));
    for (const f of refused) expect(f).toMatchObject({ code: 'STORAGE_FAILED', fatal: false, ref: expect.stringMatching(/^snd\d:\d+$/) });
    console.log(`[BUS-RECONNECT] Redis restarted mid-flood: ${refused.length} message(s) refused with STORAGE_FAILED and sent again; ${all.size} acknowledged`);

    for (const s of [...senders, ...listeners]) {
      const owed = [...all.values()].filter((m) => m.from !== s.nick).length;
      await s.client.frames.waitForCount((f) => f.type === 'message' && f.history !== true, owed, NODE_WAIT, `messages to ${s.nick}`);
      for (const room of ROOMS) expect(liveView(s.client, room), `${s.nick} in ${room}`).toEqual(expectedView(all.values(), room, s.nick));
    }
    // A refused message was not stored: it reached nobody before it was sent again, and once after.
    const texts = listeners[0]!.client.frames.items.filter((f) => f.type === 'message').map((f) => (f as { text: string }).text);
    for (const f of refused) expect(texts.filter((t) => t === (f as { ref: string }).ref)).toHaveLength(1);
    expect(texts).toContain(textOf('snd0', TOTAL - 1));
  }, 120_000);
});
