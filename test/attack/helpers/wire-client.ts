import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { unfoldPresence } from '../../helpers/unfold-presence.js';
import type { ClientFrame, ServerFrame } from '../../../src/protocol.js';

export type Frame = ServerFrame & Record<string, unknown>;

export interface WireClientOptions {
  readonly tls?: { readonly ca: string };
  /** Answer the server's `ping` with `pong` (default true), as an honest client does. */
  readonly answerPings?: boolean;
  readonly localAddress?: string;
  /** Where the server listens: 127.0.0.1 unless given (`::1` for IPv6). */
  readonly host?: string;
}

/**
 * A test client speaking the native protocol over a real socket. Everything it receives is kept
 * (`frames`, `lines` for what was not JSON); every wait is bounded and names what it waited for.
 */
export interface WireClient {
  readonly socket: Socket;
  readonly frames: Frame[];
  readonly lines: string[];
  readonly closed: Promise<void>;
  readonly isClosed: boolean;
  send(frame: ClientFrame | Record<string, unknown>): void;
  write(bytes: string | Uint8Array): void;
  /** The first frame (already received or to come) that `match` accepts. */
  waitFor<T extends Frame = Frame>(match: (f: Frame) => boolean, what: string, ms?: number): Promise<T>;
  /** Resolves once the server has closed the connection; rejects after `ms`. */
  waitClosed(what: string, ms?: number): Promise<void>;
  /** Sends hello and resolves with `welcome`; rejects on an error frame. */
  hello(nick: string, extra?: Record<string, unknown>, ms?: number): Promise<Frame>;
  /** Says `text` and resolves with its `ack`. */
  say(text: string, ref: string, extra?: Record<string, unknown>, ms?: number): Promise<Frame>;
  errors(code?: string): Frame[];
  destroy(): void;
}

/** Every client opened, so `closeAll` in `afterEach` leaves no socket behind. */
const open = new Set<WireClient>();

export function closeAllClients(): void {
  for (const c of open) c.destroy();
  open.clear();
}

/** Connects to 127.0.0.1:`port`; resolves once connected (after the TLS handshake with `tls`). */
export function connectClient(port: number, options: WireClientOptions = {}, ms = 5_000): Promise<WireClient> {
  const host = options.host ?? '127.0.0.1';
  const socket: Socket = options.tls
    ? connectTls({ host, port, ca: options.tls.ca })
    : connect({ host, port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  const client = wrap(socket, options.answerPings ?? true);
  open.add(client);
  return new Promise<WireClient>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`connect to ${port}: no connection within ${ms} ms`)), ms);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      resolve(client);
    });
  });
}

function wrap(socket: Socket, answerPings: boolean): WireClient {
  const frames: Frame[] = [];
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let carry = '';
  let self: string | undefined;
  let isClosed = false;
  socket.setNoDelay(true);
  socket.on('error', () => undefined); // a reset is an outcome the tests look at, not a crash
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    const parts = (carry + text).split('\n');
    carry = parts.pop()!;
    for (const line of parts) {
      let frame: Frame | undefined;
      try {
        frame = JSON.parse(line) as Frame;
      } catch {
        lines.push(line);
        continue;
      }
      if (answerPings && frame.type === 'ping') socket.write(`{"type":"pong","ref":${JSON.stringify(frame['ref'])}}\n`);
      if (frame.type === 'welcome') self = frame['nick'] as string;
      frames.push(...unfoldPresence(frame, self));
    }
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => {
    isClosed = true;
    resolve();
    for (const w of [...waiters]) w();
  }));

  const client: WireClient = {
    socket,
    frames,
    lines,
    closed,
    get isClosed() {
      return isClosed;
    },
    send: (frame) => void (socket.writable && socket.write(JSON.stringify(frame) + '\n')),
    write: (bytes) => void (socket.writable && socket.write(bytes)),
    waitFor<T extends Frame>(match: (f: Frame) => boolean, what: string, ms = 5_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = frames.find(match);
          if (found) return done(() => resolve(found as T));
          if (isClosed) done(() => reject(new Error(`${what}: connection closed first; got ${summary(frames)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${what}: not within ${ms} ms; got ${summary(frames)}`))), ms);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    waitClosed(what, ms = 5_000) {
      if (isClosed) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms; got ${summary(frames)}`)), ms);
        void closed.then(() => (clearTimeout(timer), resolve()));
      });
    },
    async hello(nick, extra = {}, ms = 5_000) {
      const before = frames.length;
      client.send({ type: 'hello', version: 1, nick, ...extra });
      const answer = await client.waitFor((f) => frames.indexOf(f) >= before && (f.type === 'welcome' || f.type === 'error'), `welcome for ${nick}`, ms);
      if (answer.type !== 'welcome') throw new Error(`hello ${nick}: ${JSON.stringify(answer)}`);
      return answer;
    },
    async say(text, ref, extra = {}, ms = 5_000) {
      client.send({ type: 'say', text, ref, ...extra });
      const answer = await client.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f['ref'] === ref, `ack ${ref}`, ms);
      if (answer.type !== 'ack') throw new Error(`say ${ref}: ${JSON.stringify(answer)}`);
      return answer;
    },
    errors: (code) => frames.filter((f) => f.type === 'error' && (code === undefined || f['code'] === code)),
    destroy() {
      socket.destroy();
      open.delete(client);
    },
  };
  return client;
}

function summary(frames: readonly Frame[]): string {
  const text = frames.slice(-6).map((f) => JSON.stringify(f)).join(' ');
  return `${frames.length} frames${text ? `, last: ${text.slice(0, 600)}` : ''}`;
}
