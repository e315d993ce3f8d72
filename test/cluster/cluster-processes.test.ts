import { afterEach, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, type ServerFrame } from '../../src/protocol.js';
import { acked, ask, expectedView, flood, joinEverywhere, liveView, NODE_WAIT, startNode, stopCluster, type Sent } from '../helpers/cluster-nodes.js';
import { NativeClient } from '../helpers/native-client.js';
import type { ServerProcess } from '../helpers/processes.js';
import { startRedis } from '../helpers/redis-server.js';

/**
 * [CLUSTER] Two and three real `rxchat serve` nodes on one real redis-server, native clients spread
 * over them: the same rooms, the same nicknames and the same order whichever node a client is on.
 */
const ROOMS = ['#r0', '#r1', '#r2'];
const PER_SENDER = 200;

afterEach(stopCluster);

async function cluster(size: number): Promise<ServerProcess[]> {
  const redis = await startRedis();
  const nodes: ServerProcess[] = [];
  // One at a time: each catches up on the log before it listens, and the test does not need more.
  for (let n = 0; n < size; n++) nodes.push(await startNode(redis, `n${n}`));
  return nodes;
}

/** Every answer about the cluster's people and rooms, as one client's node gives it (`idleMs` is read off a clock, so left out). */
async function answers(client: NativeClient, nicks: readonly string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  out.push(await ask(client, { type: 'rooms' }, (f) => f.type === 'rooms', 'rooms'));
  for (const room of ['#lobby', ...ROOMS]) {
    const names = await ask(client, { type: 'names', room }, (f) => f.type === 'room' && f.room === room && f.after === undefined, `names ${room}`);
    out.push({ ...names, members: [...(names as Extract<ServerFrame, { type: 'room' }>).members].sort() });
  }
  for (const nick of nicks) {
    const { idleMs: _, ...whois } = (await ask(client, { type: 'whois', nick }, (f) => f.type === 'whois' && f.nick === nick, `whois ${nick}`)) as Extract<ServerFrame, { type: 'whois' }>;
    out.push(whois);
  }
  return out;
}

describe.each([2, 3])('[CLUSTER] %i rxchat serve processes on one Redis', (size) => {
  test('senders on every node flood three rooms: every member gets every message once, in the log\'s order', async () => {
    const nodes = await cluster(size);
    const senders: NativeClient[] = [];
    const listeners: NativeClient[] = [];
    for (const [n, node] of nodes.entries()) {
      senders.push(await NativeClient.join(node.port, `snd${n}`, NODE_WAIT));
      listeners.push(await NativeClient.join(node.port, `lsn${n}`, NODE_WAIT));
    }
    const members = [...senders, ...listeners];
    const nickOf = (c: NativeClient) => (senders.includes(c) ? `snd${senders.indexOf(c)}` : `lsn${listeners.indexOf(c)}`);
    await joinEverywhere(members, ROOMS);

    for (const [n, sender] of senders.entries()) flood(sender, `snd${n}`, ROOMS, PER_SENDER);
    const all = new Map<string, Sent>();
    for (const [n, sender] of senders.entries()) {
      await sender.frames.waitForCount((f) => f.type === 'ack', PER_SENDER, NODE_WAIT, `acks of s${n}`);
      for (const [ref, sent] of acked(sender, `snd${n}`, ROOMS)) all.set(ref, sent);
    }
    expect(all.size).toBe(size * PER_SENDER);
    expect(new Set([...all.values()].map((s) => s.id)).size).toBe(all.size); // one id per message, cluster-wide

    for (const member of members) {
      const nick = nickOf(member);
      const owed = [...all.values()].filter((s) => s.from !== nick).length;
      await member.frames.waitForCount((f) => f.type === 'message' && f.history !== true, owed, NODE_WAIT, `messages to ${nick}`);
      for (const room of ROOMS) expect(liveView(member, room), `${nick} in ${room}`).toEqual(expectedView(all.values(), room, nick));
    }
    // Nothing more than that came: no repeat arrived late.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const member of members) {
      const nick = nickOf(member);
      expect(member.frames.items.filter((f) => f.type === 'message' && f.history !== true).length).toBe([...all.values()].filter((s) => s.from !== nick).length);
    }
  }, 90_000);

  test('nicknames are unique across nodes, and rooms, names and whois read the same from every node', async () => {
    const nodes = await cluster(size);
    const people: NativeClient[] = [];
    for (const [n, node] of nodes.entries()) people.push(await NativeClient.join(node.port, `ppl${n}`, NODE_WAIT));
    const nicks = people.map((_, n) => `ppl${n}`);
    // A nickname of another node is taken here too.
    for (const [n, node] of nodes.entries()) {
      const other = nicks[(n + 1) % size]!;
      const stranger = await NativeClient.connect(node.port);
      const refusal = await ask(stranger, { type: 'hello', version: PROTOCOL_VERSION, nick: other.toUpperCase() }, (f) => f.type === 'welcome' || f.type === 'error', `the answer to ${other}`);
      expect(refusal).toMatchObject({ type: 'error', code: 'NICK_TAKEN' });
      stranger.destroy();
    }
    // The same new nickname asked on every node at once: exactly one welcome.
    for (let round = 0; round < 3; round++) {
      const askers = await Promise.all(nodes.map((node) => NativeClient.connect(node.port)));
      const outcomes = await Promise.all(askers.map((c) => ask(c, { type: 'hello', version: PROTOCOL_VERSION, nick: `twin${round}` }, (f) => f.type === 'welcome' || f.type === 'error', `twin${round}`)));
      expect(outcomes.filter((f) => f.type === 'welcome')).toHaveLength(1);
      expect(outcomes.filter((f) => f.type === 'error').map((f) => (f as { code: string }).code)).toEqual(Array(size - 1).fill('NICK_TAKEN'));
      nicks.push(`twin${round}`);
      people.push(askers[outcomes.findIndex((f) => f.type === 'welcome')]!);
    }
    await joinEverywhere(people, ROOMS);
    people[0]!.send({ type: 'topic', room: '#r1', text: 'the same everywhere' });
    people[size + 1]!.send({ type: 'part', room: '#r2' }); // a twin: the askers below stay in every room
    people[1]!.send({ type: 'away', reason: 'lunch' });
    await people[0]!.waitFor((f) => f.type === 'topic' && f.topic === 'the same everywhere', NODE_WAIT, 'the topic');
    const views = [];
    for (const client of people.slice(0, size)) views.push(await answers(client, nicks));
    await waitSame(people.slice(0, size), nicks, views);
    for (const view of views.slice(1)) expect(view).toEqual(views[0]);
    expect(views[0]).toContainEqual(expect.objectContaining({ type: 'whois', nick: 'ppl1', away: 'lunch' }));
  }, 90_000);
});

/**
 * The nodes fold the log as it comes, so a question asked on one may be answered a moment before
 * another has folded the last change: ask again (bounded) until they agree or the time is up,
 * then let the caller's expectation show the difference.
 */
async function waitSame(clients: readonly NativeClient[], nicks: readonly string[], views: unknown[][]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (views.some((v) => JSON.stringify(v) !== JSON.stringify(views[0])) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const [i, client] of clients.entries()) views[i] = await answers(client, nicks);
  }
}
