import { afterEach, describe, expect, test } from 'vitest';
import { chat, expectExactlyOnceInOrder, joinHonest, liveFrom } from './helpers/honest-chat.js';
import { spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient, type WireClient } from './helpers/wire-client.js';

/**
 * [CONN-CAP] connect storms and [SLOW-BYTES] clients that never read, against the real program:
 * each gets its documented answer and the honest clients lose nothing.
 */

let server: Served | undefined;
afterEach(async () => {
  closeAllClients();
  await server?.kill();
  server = undefined;
});

/** Opens `count` connections at once; each settles once refused-and-closed or still open after a ping. */
async function storm(port: number, count: number): Promise<{ refused: WireClient[]; admitted: WireClient[] }> {
  const clients = await Promise.all(Array.from({ length: count }, () => connectClient(port)));
  await Promise.all(clients.map(async (client, i) => {
    client.send({ type: 'ping', ref: `storm${i}` });
    await client.waitFor((f) => f.type === 'pong' || f.type === 'error', `storm ${i} answered`).catch(() => undefined);
  }));
  const refused = clients.filter((c) => c.errors('TOO_MANY_CONNECTIONS').length > 0);
  await Promise.all(refused.map((c, i) => c.waitClosed(`refused ${i}`)));
  return { refused, admitted: clients.filter((c) => !refused.includes(c)) };
}

describe('[CONN-CAP] connect storms', () => {
  test('past --max-per-address: TOO_MANY_CONNECTIONS (fatal), closed; the honest keep chatting; freed slots are reused', async () => {
    server = await spawnServer(['--max-per-address', '6', '--flood-rate', '0']);
    const room = await joinHonest(server.port, 'hon', 2);
    const { refused, admitted } = await storm(server.port, 30);
    expect(admitted).toHaveLength(4);
    expect(refused).toHaveLength(26);
    for (const client of refused) {
      expect(client.errors()).toEqual([expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS', fatal: true })]);
      expect(client.frames.some((f) => f.type === 'pong')).toBe(false);
    }
    await chat(room, 5, 'during');
    // Close the storm: the address is counted down and a newcomer gets in.
    admitted.forEach((c) => c.destroy());
    await Promise.all(admitted.map((c) => c.closed));
    await expect.poll(async () => {
      const late = await connectClient(server!.port);
      const ok = await late.hello('latecomer').then(() => true, () => false);
      if (!ok) late.destroy();
      return ok;
    }, { timeout: 5_000, interval: 50 }).toBe(true);
    await chat(room, 2, 'after');
    await expectExactlyOnceInOrder(room);
  });

  test('past --max-connections: the same refusal, whatever the address', async () => {
    server = await spawnServer(['--max-connections', '5', '--flood-rate', '0']);
    const room = await joinHonest(server.port, 'hon', 3);
    const { refused, admitted } = await storm(server.port, 20);
    expect(admitted).toHaveLength(2);
    expect(refused).toHaveLength(18);
    expect(refused[0]!.errors()[0]!['message']).toMatch(/full/);
    await chat(room, 5, 'still');
    await expectExactlyOnceInOrder(room);
    expect(server.alive).toBe(true);
  });
});

describe('past the open-file limit', () => {
  test('caps above `ulimit -n`: a storm runs the process out of descriptors, it survives and serves again', async () => {
    server = await spawnServer(['--max-connections', '10000', '--max-per-address', '10000', '--flood-rate', '0'], {}, 10_000, 64);
    const room = await joinHonest(server.port, 'hon', 2);
    const storm = await Promise.all(Array.from({ length: 150 }, () => connectClient(server!.port).catch(() => undefined)));
    await chat(room, 3, 'storm');
    // The descriptors ran out: not every connection of the storm became a connection of the room.
    expect(server.logs.filter((l) => l.msg === 'connection opened').length).toBeLessThan(2 + 150);
    storm.forEach((c) => c?.destroy());
    await expect.poll(async () => {
      const late = await connectClient(server!.port).catch(() => undefined);
      const ok = late !== undefined && await late.hello(`late${Math.random().toString(36).slice(2, 6)}`, {}, 1_000).then(() => true, () => false);
      late?.destroy();
      return ok;
    }, { timeout: 10_000, interval: 100 }).toBe(true);
    await chat(room, 2, 'after');
    await expectExactlyOnceInOrder(room);
    expect(server.alive).toBe(true);
  });
});

describe('[CONN-CAP] over IPv6 loopback', () => {
  test('--host ::1: the per-address cap counts [::1] like any address', async () => {
    server = await spawnServer(['--host', '::1', '--max-per-address', '2']);
    const first = await connectClient(server.port, { host: '::1' });
    await first.hello('six1');
    const second = await connectClient(server.port, { host: '::1' });
    await second.hello('six2');
    const third = await connectClient(server.port, { host: '::1' });
    await third.waitClosed('third from ::1');
    expect(third.errors()).toEqual([expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS', fatal: true })]);
    first.destroy();
    await expect.poll(async () => {
      const next = await connectClient(server!.port, { host: '::1' });
      const ok = await next.hello('six3').then(() => true, () => false);
      if (!ok) next.destroy();
      return ok;
    }, { timeout: 5_000, interval: 50 }).toBe(true);
    expect(server.logs.some((l) => l.msg === 'connection opened' && String(l['address']).startsWith('[::1]:'))).toBe(true);
  });
});

describe('[SLOW-BYTES] a client that never reads', () => {
  test('is dropped as slow-consumer while honest clients get every message, exactly once, in order', async () => {
    server = await spawnServer(['--max-queued-bytes', '65536', '--drain-timeout', '3000', '--flood-rate', '0']);
    const room = await joinHonest(server.port, 'hon', 2);
    const [alice, bob] = room.clients as [WireClient, WireClient];
    const sloth = await connectClient(server.port);
    await sloth.hello('sloth');
    sloth.socket.pause(); // never reads again: the kernel buffers fill, then the server's queue

    // alice pastes ~12 MB of chat at once: far more than the socket buffers hold.
    const count = 3000;
    const text = (i: number) => `${String(i).padStart(5, '0')} ${'z'.repeat(3990)}`;
    const batch: string[] = [];
    for (let i = 0; i < count; i++) batch.push(JSON.stringify({ type: 'say', text: text(i), ref: `f${i}` }));
    alice.write(batch.join('\n') + '\n');
    await alice.waitFor((f) => f.type === 'ack' && f['ref'] === `f${count - 1}`, 'the last ack', 30_000);
    room.said.get('hon0')!.push(...Array.from({ length: count }, (_, i) => text(i)));

    const left = await bob.waitFor((f) => f.type === 'left' && f['nick'] === 'sloth', 'sloth dropped', 30_000);
    expect(left['reason']).toBe('slow-consumer');
    await bob.waitFor(() => liveFrom(bob, 'hon0').length === count, 'every message at bob', 30_000);
    await chat(room, 3, 'after');
    await expectExactlyOnceInOrder(room);

    // The sloth's connection is gone: reading now finds its end (what was buffered, then close).
    sloth.socket.resume();
    await sloth.waitClosed('sloth', 10_000);
    expect(liveFrom(sloth, 'hon0').length).toBeLessThan(count);
    expect(server.alive).toBe(true);
  }, 60_000);

  test('[SLOW-DRAIN] below the byte bound, a socket that stays full past --drain-timeout is dropped all the same', async () => {
    server = await spawnServer(['--max-queued-bytes', String(512 * 1024 * 1024), '--drain-timeout', '500', '--flood-rate', '0']);
    const room = await joinHonest(server.port, 'hon', 2);
    const [alice, bob] = room.clients as [WireClient, WireClient];
    const sloth = await connectClient(server.port);
    await sloth.hello('sloth2');
    sloth.socket.pause();
    const count = 3000;
    const text = (i: number) => `${String(i).padStart(5, '0')} ${'d'.repeat(3990)}`;
    alice.write(Array.from({ length: count }, (_, i) => JSON.stringify({ type: 'say', text: text(i), ref: `d${i}` })).join('\n') + '\n');
    await alice.waitFor((f) => f.type === 'ack' && f['ref'] === `d${count - 1}`, 'the last ack', 30_000);
    const left = await bob.waitFor((f) => f.type === 'left' && f['nick'] === 'sloth2', 'sloth2 dropped', 30_000);
    expect(left['reason']).toBe('slow-consumer');
    await bob.waitFor(() => liveFrom(bob, 'hon0').length === count, 'every message at bob', 30_000);
    expect(liveFrom(bob, 'hon0').map((f) => f['text'])).toEqual(Array.from({ length: count }, (_, i) => text(i)));
  }, 60_000);
});
