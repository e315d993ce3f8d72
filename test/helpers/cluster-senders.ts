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
  /** How many times each ref was sent, over every connection. */
  readonly sends = new Map<string, number>();

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

  /** Sends the `i`th message (text and ref `nick:i`) to `rooms[i % rooms.length]` on the current connection. */
  say(rooms: readonly string[], i: number): void {
    const ref = textOf(this.nick, i);
    this.sends.set(ref, (this.sends.get(ref) ?? 0) + 1);
    this.client.send({ type: 'say', room: rooms[i % rooms.length]!, text: ref, ref });
  }

  /** How many times each ref was refused with `code`, over every connection. */
  refusals(code: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const f of this.frames()) if (f.type === 'error' && f.code === code && f.ref !== undefined) out.set(f.ref, (out.get(f.ref) ?? 0) + 1);
    return out;
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
  let next = 0;
  while (next < total) {
    const client = session.client;
    if (client.socket.destroyed || client.socket.readyState !== 'open') {
      if (options.back === undefined) throw new Error(`${session.nick} lost its connection`);
      await options.back();
      const acks = session.acked(rooms);
      for (let i = 0; i < next; i++) if (!acks.has(textOf(session.nick, i))) session.say(rooms, i);
      continue;
    }
    for (let k = 0; k < options.batch && next < total; k++) session.say(rooms, next++);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
}

/**
 * [STORAGE-FAILED] Sends again, a second apart, each message whose every send so far was refused
 * (as the plain client does), until all `total` are acknowledged or `NODE_WAIT` has passed. A
 * message neither acknowledged nor refused yet is in flight and is left alone.
 */
export async function resendRefused(session: Session, rooms: readonly string[], total: number): Promise<void> {
  const deadline = Date.now() + NODE_WAIT;
  while (session.acked(rooms).size < total && Date.now() < deadline) {
    const acks = session.acked(rooms);
    const refused = session.refusals('STORAGE_FAILED');
    for (let i = 0; i < total; i++) {
      const ref = textOf(session.nick, i);
      if (!acks.has(ref) && (refused.get(ref) ?? 0) >= (session.sends.get(ref) ?? 0)) session.say(rooms, i);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
