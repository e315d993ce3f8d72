import { connect, type Socket } from 'node:net';
import { decodeServerFrame, encodeFrame } from '../../src/native-codec.js';
import { PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from '../../src/protocol.js';
import { Collector } from './collector.js';
import { unfoldPresence } from './unfold-presence.js';
import { withTimeout } from './processes.js';

/**
 * A native protocol client for tests: raw access to the socket, and every frame the server sends
 * collected in order, so a test can `waitFor` one with a bound. Every client is closed by `closeAll`.
 */
export class NativeClient {
  readonly frames = new Collector<ServerFrame>();
  /** Resolves when the server (or the test) closes the connection. */
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    let carry = '';
    let self: string | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop()!;
      for (const line of lines) {
        const decoded = decodeServerFrame(line);
        if (decoded.ok && decoded.value.type === 'welcome') self = decoded.value.nick;
        if (decoded.ok) for (const frame of unfoldPresence(decoded.value, self)) this.frames.push(frame);
        else this.frames.push({ type: 'error', code: decoded.error.code, message: `undecodable: ${line.slice(0, 200)}`, fatal: false } as ServerFrame);
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.frames.end();
      resolve();
    }));
  }

  static async connect(port: number, timeoutMs = 5_000): Promise<NativeClient> {
    const socket = connect({ host: '127.0.0.1', port });
    const client = new NativeClient(socket);
    open.add(client);
    void client.closed.then(() => open.delete(client));
    await withTimeout(new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }), timeoutMs, `a connection to port ${port}`);
    return client;
  }

  /** Connects and says hello; resolves once welcomed. */
  static async join(port: number, nick: string, timeoutMs = 5_000): Promise<NativeClient> {
    const client = await NativeClient.connect(port, timeoutMs);
    client.send({ type: 'hello', version: PROTOCOL_VERSION, nick });
    await client.waitFor((f) => f.type === 'welcome', timeoutMs, `the welcome of ${nick}`);
    return client;
  }

  send(frame: ClientFrame): void {
    this.socket.write(encodeFrame(frame));
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  waitFor(predicate: (frame: ServerFrame) => boolean, timeoutMs: number, what?: string): Promise<ServerFrame> {
    return this.frames.waitFor(predicate, timeoutMs, what);
  }

  /** Waits until the connection is closed, at most `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<void> {
    return withTimeout(this.closed, timeoutMs, 'the connection to close');
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const open = new Set<NativeClient>();

/** Destroys every client still open; for `afterEach`. */
export async function closeAllClients(): Promise<void> {
  const all = [...open];
  all.forEach((c) => c.destroy());
  await Promise.all(all.map((c) => c.closed));
}

/** Predicates for the frames tests wait for. */
export const is = {
  message: (from: string, text: string) => (f: ServerFrame) => f.type === 'message' && f.from === from && f.text === text,
  joined: (nick: string) => (f: ServerFrame) => f.type === 'joined' && f.nick === nick,
  left: (nick: string, reason?: string) => (f: ServerFrame) => f.type === 'left' && f.nick === nick && (reason === undefined || f.reason === reason),
  error: (code: string) => (f: ServerFrame) => f.type === 'error' && f.code === code,
};
