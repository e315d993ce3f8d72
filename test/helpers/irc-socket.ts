import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { Collector, collectLines } from './collector.js';
import { withTimeout } from './processes.js';

/** Every raw IRC client a test opened; `closeAllIrc` in `afterEach`. */
const open = new Set<IrcSocket>();

/** A raw IRC client on a real socket: lines in, lines out (CR LF handled), nothing interpreted. */
export class IrcSocket {
  readonly lines: Collector<string>;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.lines = collectLines(socket);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {}); // a reset is a test outcome, seen as `closed`
    open.add(this);
  }

  static connect(port: number, timeoutMs = 5_000): Promise<IrcSocket> {
    return withTimeout(new Promise<IrcSocket>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new IrcSocket(socket)));
      socket.once('error', reject);
    }), timeoutMs, `a connection to ${port}`);
  }

  /** Over TLS, trusting any certificate (the tests make their own). */
  static connectTls(port: number, timeoutMs = 5_000): Promise<IrcSocket> {
    return withTimeout(new Promise<IrcSocket>((resolve, reject) => {
      const socket = connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false });
      socket.once('secureConnect', () => resolve(new IrcSocket(socket)));
      socket.once('error', reject);
    }), timeoutMs, `a TLS connection to ${port}`);
  }

  /** A client registered as `nick` (with `caps`, if any), its burst read up to the lobby's 366. */
  static async register(port: number, nick: string, caps: readonly string[] = [], timeoutMs = 5_000): Promise<IrcSocket> {
    const client = await IrcSocket.connect(port, timeoutMs);
    if (caps.length > 0) client.send('CAP LS 302', `CAP REQ :${caps.join(' ')}`, 'CAP END');
    client.send(`NICK ${nick}`, `USER ${nick} 0 * :${nick}`);
    await client.waitFor((l) => / 366 \S+ #lobby /.test(l), timeoutMs, `the lobby burst of ${nick}`);
    return client;
  }

  send(...lines: string[]): void {
    this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  write(raw: string | Uint8Array): void {
    this.socket.write(raw);
  }

  waitFor(predicate: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    return this.lines.waitFor(predicate, timeoutMs, what);
  }

  /** Sends `PING :token` and waits for its PONG: everything answered before it has arrived ([IRC-ORDER]). */
  async sync(token: string, timeoutMs = 5_000): Promise<void> {
    this.send(`PING :${token}`);
    await this.waitFor((l) => l.endsWith(`PONG rxchat :${token}`), timeoutMs, `the PONG of ${token}`);
  }

  /** The lines received after `from` (an index into `lines.items`). */
  since(from: number): string[] {
    return this.lines.items.slice(from);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export async function closeAllIrc(): Promise<void> {
  for (const client of open) client.destroy();
  await Promise.all([...open].map((c) => c.closed));
  open.clear();
}
