import type { ServerFrame } from '../../src/protocol.js';
import { closeAllClients, NativeClient } from './native-client.js';
import { killAll, startServer, type ServerProcess } from './processes.js';
import { stopAllRedis, type RedisServer } from './redis-server.js';
import { removeTempDirs } from './temp-dirs.js';

/**
 * [CLUSTER] Real `rxchat serve` nodes on one test Redis, and what the cluster tests ask of their
 * native clients: rooms joined everywhere, floods whose acks name every message, and each member's
 * view of a room. Everything is bounded in time; the processes are stopped by `killAll`.
 */
export const NODE_WAIT = 20_000;

/** Starts a node of the cluster on `redis`, named `name`, without flood control ([FLOOD] off for floods). */
export function startNode(redis: RedisServer, name: string, extra: readonly string[] = []): Promise<ServerProcess> {
  return startServer(['--redis', redis.url, '--node-name', name, '--flood-rate', '0', ...extra], NODE_WAIT);
}

/**
 * For `afterEach` in a test file that starts a Redis and nodes per test: closes the native clients
 * first, then kills the nodes by their PID, and stops the Redis last, so that no node outlives it;
 * then removes the test's temporary directories (each Redis's own among them).
 */
export async function stopCluster(): Promise<void> {
  await closeAllClients();
  await killAll();
  await stopAllRedis();
  removeTempDirs();
}

/**
 * Sends `frame` and resolves with the first frame after it that `answer` matches. The collector
 * checks items once each, in order, so counting them skips what came before the question.
 */
export function ask(client: NativeClient, frame: Parameters<NativeClient['send']>[0], answer: (f: ServerFrame) => boolean, what: string): Promise<ServerFrame> {
  const start = client.frames.items.length;
  let index = 0;
  client.send(frame);
  return client.waitFor((f) => index++ >= start && answer(f), NODE_WAIT, what);
}

/** The member count of `room` as `client`'s node sees it now (a `names` question). */
async function countOf(client: NativeClient, room: string): Promise<number> {
  const frame = await ask(client, { type: 'names', room }, (f) => f.type === 'room' && f.room === room && f.after === undefined, `names of ${room}`);
  return (frame as Extract<ServerFrame, { type: 'room' }>).count;
}

/**
 * Every client joins every room, then each asks (bounded, every 100 ms) until its node counts all
 * of them (and `others` already there) in each room: from then on every node routes each room's
 * messages to all of them.
 */
export async function joinEverywhere(clients: readonly NativeClient[], rooms: readonly string[], others = 0): Promise<void> {
  for (const client of clients) for (const room of rooms) client.send({ type: 'join', room });
  const deadline = Date.now() + NODE_WAIT;
  for (const client of clients) {
    for (const room of rooms) {
      while ((await countOf(client, room)) < clients.length + others) {
        if (Date.now() > deadline) throw new Error(`${room} never had ${clients.length + others} members`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** One message as the log decided it: its id (from the sender's ack) and what it said where. */
export interface Sent {
  readonly id: number;
  readonly room: string;
  readonly from: string;
  readonly text: string;
}

/** The text and ref of a sender's `i`th message; the room is `rooms[i % rooms.length]`. */
export const textOf = (nick: string, i: number) => `${nick}:${i}`;

/** Sends `count` messages without pacing, each with a ref, round-robin over `rooms`. */
export function flood(sender: NativeClient, nick: string, rooms: readonly string[], count: number, from = 0): void {
  for (let i = from; i < from + count; i++) sender.send({ type: 'say', room: rooms[i % rooms.length]!, text: textOf(nick, i), ref: textOf(nick, i) });
}

/** The messages `sender` saw acknowledged, by ref, with the ids the log gave them (each ref at most once: a second ack of one ref throws). */
export function acked(sender: NativeClient, nick: string, rooms: readonly string[]): Map<string, Sent> {
  const out = new Map<string, Sent>();
  for (const f of sender.frames.items) {
    if (f.type !== 'ack' || f.ref === undefined) continue;
    const i = Number(f.ref.slice(nick.length + 1));
    const sent = { id: f.id, room: rooms[i % rooms.length]!, from: nick, text: f.ref };
    const before = out.get(f.ref);
    if (before !== undefined && before.id !== sent.id) throw new Error(`${f.ref} acknowledged twice with ids ${before.id} and ${sent.id}`);
    out.set(f.ref, sent);
  }
  return out;
}

/** The live (not replayed) messages `client` got in `room`, in the order it got them. */
export function liveView(client: NativeClient, room: string): Sent[] {
  return client.frames.items
    .filter((f): f is Extract<ServerFrame, { type: 'message' }> => f.type === 'message' && f.room === room && f.history !== true)
    .map((f) => ({ id: f.id, room: f.room, from: f.from, text: f.text }));
}

/** What a member of `room` other than `nick` must have been shown: every message of the room but its own, by id. */
export function expectedView(all: Iterable<Sent>, room: string, nick: string): Sent[] {
  return [...all].filter((s) => s.room === room && s.from !== nick).sort((a, b) => a.id - b.id);
}
