import { Subject, type Subscription } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { createRoomReducer } from '../../src/room-reducer.js';
import { chatServer$, type ServerNotice } from '../../streams/chat-server.js';
import type { ClusterBus } from '../../streams/cluster/bus.js';
import { openClusterStore, type ClusterStore } from '../../streams/cluster/cluster-store.js';
import { openRedisBus } from '../../streams/cluster/redis-bus.js';
import type { ServerFrame } from '../../src/protocol.js';
import { Collector } from '../helpers/collector.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { redisPerFile } from '../helpers/redis-per-file.js';
import { testServerOptions } from '../helpers/server-options.js';

/**
 * [CLUSTER] Nodes in this process, each a `chatServer$` over its own cluster store, sharing one real
 * redis-server: the same rooms and nicknames whichever node a client is on, decided by the log.
 */
const WAIT = 10_000;
const redis = redisPerFile();
let prefix = 0;
const running: { subscription: Subscription; bus: ClusterBus }[] = [];

afterEach(async () => {
  for (const { subscription, bus } of running.splice(0)) {
    subscription.unsubscribe();
    await bus.close();
  }
  await closeAllClients();
});

interface Node {
  readonly port: number;
  readonly store: ClusterStore;
  readonly notices: Collector<ServerNotice>;
  readonly shutdown$: Subject<string>;
  readonly subscription: Subscription;
}

/** A node on this test's cluster (its own key prefix, so tests do not share state). */
async function startNode(cluster: string, node: string, leaseMs = 5_000, extra: Partial<typeof testServerOptions> = {}): Promise<Node> {
  const bus = await openRedisBus(redis.url, { key: cluster });
  const options = { ...testServerOptions, floodRate: 0, ...extra };
  const store = await openClusterStore({
    bus, reduce: createRoomReducer(options), node, leaseMs, graceMs: 30_000, snapshotEvery: 50, snapshotIntervalMs: 60_000,
    archivePerRoom: 1_000, now: Date.now,
  });
  const notices = new Collector<ServerNotice>();
  const shutdown$ = new Subject<string>();
  const subscription = chatServer$({ ...options, store, archive: store.archive, resumeGraceMs: 30_000 }, shutdown$).subscribe({
    next: (n) => notices.push(n),
    error: (error: unknown) => notices.push({ type: 'log', level: 'warn', msg: `stream error: ${String(error)}`, fields: {} }),
    complete: () => notices.end(),
  });
  running.push({ subscription, bus });
  const listening = await notices.waitFor((n) => n.type === 'listening', WAIT, `${node} listening`);
  return { port: (listening as Extract<ServerNotice, { type: 'listening' }>).address.port, store, notices, shutdown$, subscription };
}

const freshCluster = () => `test-cluster-${process.pid}-${++prefix}`;

/** Nodes a and b, started one after the other on a fresh cluster of their own. */
async function twoNodes(): Promise<[Node, Node]> {
  const cluster = freshCluster();
  const a = await startNode(cluster, 'a');
  const b = await startNode(cluster, 'b');
  return [a, b];
}

describe('[CLUSTER] nodes in one process on a real Redis', () => {
  test('clients on two nodes share the lobby and a room: every message once, in order, on both sides', async () => {
    const [a, b] = await twoNodes();
    const alice = await NativeClient.join(a.port, 'alice', WAIT);
    const bob = await NativeClient.join(b.port, 'bob', WAIT);
    await alice.waitFor(is.joined('bob'), WAIT, 'alice sees bob join');
    for (const c of [alice, bob]) c.send({ type: 'join', room: '#dev' });
    await alice.waitFor((f) => f.type === 'joined' && f.room === '#dev' && f.nick === 'bob', WAIT, 'bob joining #dev');
    for (let i = 0; i < 50; i++) {
      alice.send({ type: 'say', room: '#dev', text: `a${i}` });
      bob.send({ type: 'say', room: '#dev', text: `b${i}` });
    }
    await bob.waitFor(is.message('alice', 'a49'), WAIT, 'the last of alice');
    await alice.waitFor(is.message('bob', 'b49'), WAIT, 'the last of bob');
    const texts = (client: NativeClient, from: string) => client.frames.items
      .filter((f: ServerFrame) => f.type === 'message' && f.room === '#dev' && f.from === from && f.history !== true)
      .map((f: ServerFrame) => (f as { text: string }).text);
    expect(texts(bob, 'alice')).toEqual(Array.from({ length: 50 }, (_, i) => `a${i}`));
    expect(texts(alice, 'bob')).toEqual(Array.from({ length: 50 }, (_, i) => `b${i}`));
    // Both nodes folded the same log: the same state.
    expect([...a.store.state.nicks.keys()].sort()).toEqual([...b.store.state.nicks.keys()].sort());
  });

  test('the same nickname asked on two nodes at once: exactly one welcome, the other NICK_TAKEN', async () => {
    const [a, b] = await twoNodes();
    for (let round = 0; round < 5; round++) {
      const nick = `twin${round}`;
      const [x, y] = await Promise.all([NativeClient.connect(a.port), NativeClient.connect(b.port)]);
      x!.send({ type: 'hello', version: 1, nick });
      y!.send({ type: 'hello', version: 1, nick });
      const outcome = async (c: NativeClient) => (await c.waitFor((f) => f.type === 'welcome' || f.type === 'error', WAIT, `${nick}'s answer`)).type;
      const answers = (await Promise.all([outcome(x!), outcome(y!)])).sort();
      expect(answers).toEqual(['error', 'welcome']);
      const refused = [x!, y!].find((c) => c.frames.items.some((f: ServerFrame) => f.type === 'error'))!;
      expect(refused.frames.items.find((f: ServerFrame) => f.type === 'error')).toMatchObject({ code: 'NICK_TAKEN' });
    }
  });

  test('a node that starts later catches up: the same members, history and topic', async () => {
    const cluster = freshCluster();
    const a = await startNode(cluster, 'a');
    const alice = await NativeClient.join(a.port, 'alice', WAIT);
    alice.send({ type: 'topic', room: '#lobby', text: 'cluster talk' });
    for (let i = 0; i < 120; i++) alice.send({ type: 'say', text: `m${i}` });
    await alice.waitFor((f) => f.type === 'ack' && f.id >= 120, WAIT, 'the acks');
    const b = await startNode(cluster, 'b');
    const bob = await NativeClient.join(b.port, 'bob', WAIT);
    const welcome = bob.frames.items.find((f: ServerFrame) => f.type === 'room' && f.room === '#lobby');
    expect(welcome).toMatchObject({ topic: 'cluster talk', members: ['alice', 'bob'] });
    const replay = bob.frames.items.filter((f: ServerFrame) => f.type === 'message' && f.history === true).map((f: ServerFrame) => (f as { text: string }).text);
    expect(replay.at(-1)).toBe('m119');
    bob.send({ type: 'whois', nick: 'alice' });
    expect(await bob.waitFor((f) => f.type === 'whois', WAIT, 'whois')).toMatchObject({ nick: 'alice', rooms: ['#lobby'] });
  });

  test('a node that stops: its members are held, resume on the other node, and nobody sees them leave', async () => {
    const [a, b] = await twoNodes();
    const alice = await NativeClient.join(a.port, 'alice', WAIT);
    const bob = await NativeClient.join(b.port, 'bob', WAIT);
    const secret = (alice.frames.items.find((f: ServerFrame) => f.type === 'welcome') as { resume?: string }).resume;
    expect(typeof secret).toBe('string');
    a.shutdown$.next('maintenance');
    expect(await alice.waitFor((f) => f.type === 'bye', WAIT, 'bye from a')).toMatchObject({ code: 'shutdown' });
    const again = await NativeClient.connect(b.port);
    again.send({ type: 'hello', version: 1, nick: 'alice', resume: secret! });
    await again.waitFor((f) => f.type === 'welcome', WAIT, 'the resumed welcome');
    again.send({ type: 'say', text: 'back' });
    await bob.waitFor(is.message('alice', 'back'), WAIT, 'alice back');
    expect(bob.frames.items.some((f: ServerFrame) => f.type === 'left' && f.nick === 'alice')).toBe(false);
  });

  test('a frame too large for one entry of the log is refused with its ref; the node goes on', async () => {
    const cluster = freshCluster();
    const big = { maxFrameBytes: 1 << 20, maxTextLength: 1 << 20 };
    const a = await startNode(cluster, 'a', 5_000, big);
    const alice = await NativeClient.join(a.port, 'alice', WAIT);
    const bob = await NativeClient.join(a.port, 'bob', WAIT);
    // Under the frame limit, over the log's 1 MiB once wrapped in its event.
    alice.send({ type: 'say', text: 'a'.repeat((1 << 20) - 60), ref: 'huge' });
    expect(await alice.waitFor((f) => f.type === 'error', WAIT, 'the refusal')).toMatchObject({ code: 'TEXT_TOO_LONG', ref: 'huge', fatal: false });
    alice.send({ type: 'say', text: 'small again', ref: 'small' });
    await bob.waitFor(is.message('alice', 'small again'), WAIT, 'the next message');
  });
});
