import { expect } from 'vitest';
import { connectClient, type Frame, type WireClient } from './wire-client.js';

/** Honest members of `#lobby` and what each of them said. */
export interface HonestRoom {
  readonly clients: readonly WireClient[];
  readonly nicks: readonly string[];
  /** Texts each honest member had acknowledged, in the order it sent them. */
  readonly said: Map<string, string[]>;
}

/** Connects and registers `count` honest clients named `${prefix}0`, `${prefix}1`, ... */
export async function joinHonest(port: number, prefix: string, count: number): Promise<HonestRoom> {
  const clients: WireClient[] = [];
  const nicks: string[] = [];
  for (let i = 0; i < count; i++) {
    const client = await connectClient(port);
    const nick = `${prefix}${i}`;
    await client.hello(nick);
    clients.push(client);
    nicks.push(nick);
  }
  return { clients, nicks, said: new Map(nicks.map((n) => [n, []])) };
}

/**
 * Each honest client says `rounds` lines, one after another (each waits for its ack), all
 * clients at once. The texts carry the sender and the sequence number.
 */
export async function chat(room: HonestRoom, rounds: number, tag: string): Promise<void> {
  await Promise.all(room.clients.map(async (client, i) => {
    const nick = room.nicks[i]!;
    for (let seq = 0; seq < rounds; seq++) {
      const text = `${nick} ${tag} ${seq}`;
      await client.say(text, `${nick}-${tag}-${seq}`);
      room.said.get(nick)!.push(text);
    }
  }));
}

/** Live `#lobby` messages a client received from `from`, in arrival order. */
export function liveFrom(client: WireClient, from: string): Frame[] {
  return client.frames.filter((f) => f.type === 'message' && f['from'] === from && f['history'] !== true && f['room'] === '#lobby');
}

/**
 * Every honest message reached every other honest client exactly once, in the order it was
 * said, and ids grow along each client's stream. Waits (bounded) for late deliveries first.
 */
export async function expectExactlyOnceInOrder(room: HonestRoom, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  const complete = () => room.clients.every((client, i) => room.nicks.every((from, j) =>
    i === j || liveFrom(client, from).length >= room.said.get(from)!.length));
  while (!complete() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  room.clients.forEach((client, i) => {
    room.nicks.forEach((from, j) => {
      if (i === j) return;
      const texts = liveFrom(client, from).map((f) => f['text']);
      expect(texts, `${room.nicks[i]} hears ${from}`).toEqual(room.said.get(from));
    });
    const ids = client.frames.filter((f) => f.type === 'message' && f['history'] !== true).map((f) => f['id'] as number);
    expect([...ids].sort((a, b) => a - b), `${room.nicks[i]} receives in id order`).toEqual(ids);
    expect(new Set(ids).size, `${room.nicks[i]} receives no id twice`).toBe(ids.length);
  });
}
