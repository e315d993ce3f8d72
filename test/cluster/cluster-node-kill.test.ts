import { afterEach, describe, expect, test } from 'vitest';
import type { ServerFrame } from '../../src/protocol.js';
import { expectedView, joinEverywhere, liveView, NODE_WAIT, startNode, stopCluster, type Sent } from '../helpers/cluster-nodes.js';
import { pacedFlood, Session } from '../helpers/cluster-senders.js';
import type { NativeClient } from '../helpers/native-client.js';
import { MAIN, spawnChild, type Child, type ServerProcess } from '../helpers/processes.js';
import { startRedis } from '../helpers/redis-server.js';

/**
 * [NODE-GONE] `kill -9` of one of three real nodes in the middle of a flood from senders on all of
 * them: the members elsewhere lose nothing, the dead node's clients resume on another node, and the
 * survivors hold the sessions that have not come back yet, telling nobody of a leave.
 */
const ROOMS = ['#r0', '#r1'];
const TOTAL = 300;
// [RESUME-SEEN] Rooms keep 500 messages: what a client missed while it moved is still there to replay.
const LEASE = ['--node-lease', '2', '--resume-grace', '60', '--history', '500'];

afterEach(stopCluster);

/** The messages of `room` a session's member was shown live, on every connection, in order. */
function shownLive(session: Session, room: string): Sent[] {
  return session.connections.flatMap((c) => liveView(c, room));
}

/**
 * What a resumed session can show of `room`: what came live before the drop, then what it missed,
 * from the resume's replay and a `history` page, then what came live after: by id, each once.
 */
function shownAfterResume(session: Session, room: string): Sent[] {
  const [before, ...after] = session.connections;
  const seen = liveView(before!, room);
  const last = seen.at(-1)?.id ?? 0;
  const missed = new Map<number, Sent>();
  for (const c of after) {
    for (const f of c.frames.items) {
      if (f.type === 'message' && f.room === room && f.history === true && f.id > last && f.from !== session.nick) missed.set(f.id, { id: f.id, room, from: f.from, text: f.text });
    }
  }
  const live = after.flatMap((c) => liveView(c, room));
  for (const s of live) missed.delete(s.id);
  return [...seen, ...[...missed.values()].sort((a, b) => a.id - b.id), ...live];
}

const leftFrames = (frames: readonly ServerFrame[], nicks: readonly string[]) =>
  frames.filter((f) => f.type === 'left' && nicks.includes(f.nick));

describe('[NODE-GONE] kill -9 of a node in the middle of a flood', () => {
  test('survivors lose nothing; the dead node\'s native clients and rxchat join --server resume on other nodes with no gap and no repeat; nobody sees them leave', async () => {
    const redis = await startRedis();
    const nodes: ServerProcess[] = [];
    for (let n = 0; n < 3; n++) nodes.push(await startNode(redis, `n${n}`, LEASE));
    const [a, b, c] = nodes as [ServerProcess, ServerProcess, ServerProcess];
    const senders = await Promise.all(nodes.map((node, n) => Session.join(node.port, `snd${n}`)));
    const listeners = await Promise.all(nodes.map((node, n) => Session.join(node.port, `lsn${n}`)));
    const plain = await plainOn([a, b], 'pln0');
    await joinEverywhere([...senders, ...listeners].map((s) => s.client), ROOMS, 1);

    // The dead node's sender comes back on c at once; its listener waits until b holds its session.
    const snd0Back = async () => {
      await senders[0]!.client.closed;
      expect(await senders[0]!.resumeOn(c.port)).toMatchObject({ type: 'welcome', resumed: true });
    };
    const floods = senders.map((s, n) => pacedFlood(s, ROOMS, TOTAL, { batch: 3, everyMs: 30, ...(n === 0 ? { back: snd0Back } : {}) }));
    await senders[0]!.client.frames.waitForCount((f) => f.type === 'ack', TOTAL / 4, NODE_WAIT, 'a quarter of snd0\'s acks');
    a.process.kill('SIGKILL');
    const killedAt = Date.now();
    await a.exit(NODE_WAIT);

    const lost = await b.logs.waitFor((l) => l['msg'] === 'node lost', NODE_WAIT, 'b holding the dead node\'s sessions');
    expect(lost['held']).toBeGreaterThanOrEqual(1); // lsn0 at least, which has not come back yet
    const lostAfter = Date.now() - killedAt;
    expect(await listeners[0]!.resumeOn(b.port)).toMatchObject({ type: 'welcome', resumed: true, nick: 'lsn0' });
    await plain.stderr.waitFor((l) => l === '* reconnected as pln0 (session resumed)', NODE_WAIT, 'pln0 resumed on b');
    await Promise.all(floods);

    const all = new Map<string, Sent>();
    for (const s of senders) {
      const acks = await waitAcks(s);
      for (const [ref, sent] of acks) all.set(ref, sent);
    }
    expect(all.size).toBe(3 * TOTAL);
    expect(new Set([...all.values()].map((s) => s.id)).size).toBe(all.size);

    // Members on the nodes that lived: every message once, in the log's order.
    for (const s of [senders[1]!, senders[2]!, listeners[1]!, listeners[2]!]) {
      await waitDelivered(s.client, [...all.values()].filter((m) => m.from !== s.nick).length);
      for (const room of ROOMS) expect(shownLive(s, room), `${s.nick} in ${room}`).toEqual(expectedView(all.values(), room, s.nick));
    }
    // The dead node's sessions fill what they missed with `history` (the replay is at most [RESUME-REPLAY]).
    const missed: number[] = [];
    for (const resumed of [listeners[0]!, senders[0]!]) {
      const expected = (room: string) => expectedView(all.values(), room, resumed.nick);
      await waitLive(resumed.client, (room) => expected(room).filter((m) => m.id > firstLiveId(resumed.client, room)).length);
      for (const room of ROOMS) {
        const between = (from: number, to: number) => expected(room).filter((m) => m.id > from && m.id < to).length;
        const last = liveView(resumed.connections[0]!, room).at(-1)?.id ?? 0;
        await fillFromHistory(resumed, room, last, between);
        expect(shownAfterResume(resumed, room), `${resumed.nick} in ${room}`).toEqual(expected(room));
        missed.push(expected(room).filter((m) => m.id > last && m.id < firstLiveId(resumed.client, room)).length);
      }
    }
    // The plain client went on to b by itself (`--server a,b`) and shows every message once, in order.
    const shown = await plainShown(plain, (line) => [...all.values()].filter((m) => m.from !== 'pln0').every((m) => line.has(m.text)));
    for (const room of ROOMS) {
      expect(shown.filter((t) => all.get(t)!.room === room), `pln0 in ${room}`).toEqual(expectedView(all.values(), room, 'pln0').map((m) => m.text));
    }
    plain.line('still here');
    await listeners[1]!.client.waitFor((f) => f.type === 'message' && f.from === 'pln0' && f.text === 'still here', NODE_WAIT, 'pln0 heard on b');
    console.log(`[NODE-GONE] node lost logged ${lostAfter} ms after kill -9 (lease 2 s), ${String(lost['held'])} session(s) held; messages missed per room while away (lsn0, snd0): ${missed.join(', ')}`);
    // Nobody saw the dead node's people leave.
    for (const s of [...senders, ...listeners]) expect(leftFrames(s.frames(), ['snd0', 'lsn0', 'pln0']), s.nick).toEqual([]);
  }, 120_000);
});

describe('[RESUME-GRACE] the sessions of a killed node that never come back', () => {
  test('leave once, when the grace is over, announced to each room as a disconnection, and not before the lease lapsed', async () => {
    const redis = await startRedis();
    const a = await startNode(redis, 'n0', ['--node-lease', '2', '--resume-grace', '2']);
    const b = await startNode(redis, 'n1', ['--node-lease', '2', '--resume-grace', '2']);
    const gone = await Session.join(a.port, 'gone');
    const stays = await Session.join(b.port, 'stays');
    await joinEverywhere([gone.client, stays.client], ROOMS);
    a.process.kill('SIGKILL');
    await a.exit(NODE_WAIT);
    const lost = await b.logs.waitFor((l) => l['msg'] === 'node lost', NODE_WAIT, 'node lost');
    expect(lost['held']).toBe(1);
    expect(leftFrames(stays.frames(), ['gone'])).toEqual([]); // held, not gone: nobody told yet
    const leftAt = Date.now();
    for (const room of ['#lobby', ...ROOMS]) {
      await stays.client.waitFor((f) => f.type === 'left' && f.nick === 'gone' && f.room === room, NODE_WAIT, `gone leaving ${room}`);
    }
    // Every node appends its own grace-ended; the first ends the sessions, the rest change nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const leaves = leftFrames(stays.frames(), ['gone']);
    expect(leaves.map((f) => (f as { room: string }).room).sort()).toEqual(['#lobby', ...ROOMS].sort());
    expect(leaves.every((f) => f.type === 'left' && f.reason === 'disconnected')).toBe(true);
    console.log(`[RESUME-GRACE] every leave of the killed node's session had arrived ${Date.now() - leftAt} ms after 'node lost' was logged (grace 2 s)`);
    // The nickname is free again, on any node.
    expect((await Session.join(b.port, 'gone')).nick).toBe('gone');
  }, 60_000);
});

/** `rxchat join --server` over `nodes` (the first one first), in the test's rooms, the last joined current. */
async function plainOn(nodes: readonly ServerProcess[], nick: string): Promise<Child> {
  const child = spawnChild(process.execPath, [MAIN, 'join', '--nick', nick, '--server', nodes.map((n) => `127.0.0.1:${n.port}`).join(',')]);
  await child.stderr.waitFor((l) => l.startsWith(`* connected as ${nick}`), NODE_WAIT, `the welcome of ${nick}`);
  for (const room of ROOMS) {
    child.line(`/join ${room}`);
    await child.stdout.waitFor((l) => l.startsWith(`* in ${room}:`), NODE_WAIT, `${nick} in ${room}`);
  }
  return child;
}

/**
 * The texts of the flood's messages a plain client printed, in order ([PLAIN-LINES]: `[#room] nick: text`,
 * bare in the current room), once `done` holds for the set of them (bounded). A repeat is kept, to be seen.
 */
async function plainShown(child: Child, done: (texts: ReadonlySet<string>) => boolean): Promise<string[]> {
  const line = /^(?:\[#r\d\] )?snd\d: (snd\d:\d+)$/;
  const texts = () => child.stdout.items.map((l) => line.exec(l)?.[1]).filter((t): t is string => t !== undefined);
  await child.stdout.waitFor(() => done(new Set(texts())), NODE_WAIT, 'every message printed').catch((error: Error) => {
    throw new Error(`${error.message}; stderr: ${child.stderr.items.slice(-10).join(' | ')}`);
  });
  return texts();
}

async function waitAcks(session: Session): Promise<Map<string, Sent>> {
  const deadline = Date.now() + NODE_WAIT;
  for (;;) {
    const acks = session.acked(ROOMS);
    if (acks.size >= TOTAL || Date.now() > deadline) return acks;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function waitDelivered(client: NativeClient, count: number): Promise<unknown> {
  return client.frames.waitForCount((f) => f.type === 'message' && f.history !== true, count, NODE_WAIT, `${count} live messages`);
}

/** The id of the first live message `client` got in `room` (Infinity: none yet). */
function firstLiveId(client: NativeClient, room: string): number {
  return liveView(client, room)[0]?.id ?? Infinity;
}

async function waitLive(client: NativeClient, owed: (room: string) => number): Promise<void> {
  for (const room of ROOMS) {
    await client.frames.waitForCount((f) => f.type === 'message' && f.room === room && f.history !== true, owed(room), NODE_WAIT, `live messages in ${room}`);
  }
}

/**
 * Asks for the room's messages before the first one the resumed connections got (the replay's
 * oldest), as a client fills a gap, and waits (bounded) until those after `last` (the last seen
 * before the drop) have come: `owed` of them, by the test's count.
 */
async function fillFromHistory(session: Session, room: string, last: number, owed: (from: number, to: number) => number): Promise<void> {
  const client = session.client;
  const got = session.connections.slice(1).flatMap((c) => c.frames.items).filter((f) => f.type === 'message' && f.room === room).map((f) => (f as { id: number }).id);
  const first = Math.min(...got);
  const want = owed(last, first);
  if (want === 0) return;
  client.send({ type: 'history', room, before: first, limit: 1000 });
  await client.frames.waitForCount((f) => f.type === 'message' && f.room === room && f.history === true && f.from !== session.nick && f.id > last && f.id < first, want, NODE_WAIT, `the history of ${room} between ${last} and ${first}`);
}
