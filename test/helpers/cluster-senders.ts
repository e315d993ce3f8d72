import { PROTOCOL_VERSION, type ServerFrame } from '../../src/protocol.js';
import { acked, NODE_WAIT, textOf, type Sent } from './cluster-nodes.js';
import { NativeClient } from './native-client.js';

/**
 * [CLUSTER] A native client that keeps its session across connections, as a careful client does:
 * it remembers every frame of every connection, resumes with the secret of its last welcome
 * ([RESUME]) and sends again, with the same refs ([DEDUPE]), what was not acknowledged.
 */
export class Session {
  readonly connections: NativeClient[] = [];

  private constructor(readonly nick: string, first: NativeClient) {
    this.connections.push(first);
  }

  static async join(port: number, nick: string): Promise<Session> {
    return new Session(nick, await NativeClient.join(port, nick, NODE_WAIT));
  }

  get client(): NativeClient {
    return this.connections[this.connections.length - 1]!;
  }

  /** The resume secret of the last welcome. */
  get secret(): string {
    for (const c of [...this.connections].reverse()) {
      const welcome = [...c.frames.items].reverse().find((f) => f.type === 'welcome');
      if (welcome?.type === 'welcome' && welcome.resume !== undefined) return welcome.resume;
    }
    throw new Error(`${this.nick} was never given a resume secret`);
  }

  /** Connects to `port` and resumes; resolves with the new welcome. */
  async resumeOn(port: number): Promise<ServerFrame> {
    const secret = this.secret;
    const next = await NativeClient.connect(port, NODE_WAIT);
    this.connections.push(next);
    next.send({ type: 'hello', version: PROTOCOL_VERSION, nick: this.nick, resume: secret });
    return next.waitFor((f) => f.type === 'welcome' || f.type === 'error', NODE_WAIT, `${this.nick}'s resumed welcome`);
  }

  /** Every frame of every connection, in order. */
  frames(): ServerFrame[] {
    return this.connections.flatMap((c) => c.frames.items);
  }

  /** Acknowledged messages by ref, over every connection (one ref acked with two ids throws). */
  acked(rooms: readonly string[]): Map<string, Sent> {
    const all = new Map<string, Sent>();
    for (const c of this.connections) {
      for (const [ref, sent] of acked(c, this.nick, rooms)) {
        const before = all.get(ref);
        if (before !== undefined && before.id !== sent.id) throw new Error(`${ref} acknowledged with ids ${before.id} and ${sent.id}`);
        all.set(ref, sent);
      }
    }
    return all;
  }
}

/**
 * Sends `total` messages round-robin over `rooms`, `batch` every `everyMs` (a flood that lasts a
 * while, so a fault can land in its middle). While the session's connection is closed it waits for
 * `back` (a resumed connection) and then sends again every earlier message not yet acknowledged,
 * in order, before going on. Bounded: gives up after `NODE_WAIT` without a connection.
 */
export async function pacedFlood(
  session: Session, rooms: readonly string[], total: number,
  options: { batch: number; everyMs: number; back?: () => Promise<void> },
): Promise<void> {
  const say = (c: NativeClient, i: number) => c.send({ type: 'say', room: rooms[i % rooms.length]!, text: textOf(session.nick, i), ref: textOf(session.nick, i) });
  let next = 0;
  while (next < total) {
    const client = session.client;
    if (client.socket.destroyed || client.socket.readyState !== 'open') {
      if (options.back === undefined) throw new Error(`${session.nick} lost its connection`);
      await options.back();
      const acks = session.acked(rooms);
      for (let i = 0; i < next; i++) if (!acks.has(textOf(session.nick, i))) say(session.client, i);
      continue;
    }
    for (let k = 0; k < options.batch && next < total; k++) say(client, next++);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
}
