import { connect, type Socket } from 'node:net';
import type { DeliveryLedger } from './delivery-ledger.js';
import type { LatencyHistogram } from './latency-histogram.js';
import { createWebSocketReader, wsClientFrame, wsUpgradeRequest } from './websocket-wire.js';
import { createIrcReader, createLegacyReader, createNativeReader } from './wire-readers.js';

/** What all clients of one run share: where deliveries are counted, and the clock of the chunk being read. */
export interface LoadShared {
  readonly port: number;
  /** [BENCH-CLUSTER] Several nodes: client `index` connects to `ports[index % ports.length]` (round robin). */
  readonly ports?: readonly number[];
  readonly protocol: 'native' | 'legacy' | 'irc' | 'websocket';
  /** [BENCH-WS] With `websocket`: the gateway's port, and the first client that uses it (the senders do not). */
  readonly web?: { readonly port: number; readonly from: number };
  readonly ledger: DeliveryLedger;
  readonly latency: LatencyHistogram;
  /** Maps sender nicknames to indices, for the legacy reader. */
  readonly nickToSender: ReadonlyMap<string, number>;
  /** When any client last read something, in µs ([BENCH-SETTLE]). */
  lastReadUs: number;
  /** Called after each chunk a client reads (pacing, completion). */
  afterChunk: (client: LoadClient) => void;
}

/** One simulated user: a socket and what it is waiting for. */
export interface LoadClient {
  readonly index: number;
  readonly nick: string;
  readonly socket: Socket;
  /** Resolves with the first line that `match` accepts (returns true), rejects on an error line. */
  expect(match: (line: string) => boolean, what: string, timeoutMs: number): Promise<void>;
}

/** The nickname of client `index`: short, unique, valid for rxchat and the original. */
export function nickOf(index: number): string {
  return `u${index.toString(36).padStart(3, '0')}`;
}

export const nowUs = (): number => Math.round(performance.now() * 1000);

/**
 * Opens one client and, if `join`, registers it: resolves once the server accepted the nickname
 * (native `welcome`, legacy `TRUE`), or at TCP connect when not joining. Rejects after `timeoutMs`.
 */
export function openClient(index: number, shared: LoadShared, join: boolean, timeoutMs: number): Promise<LoadClient> {
  const nick = nickOf(index);
  let client: LoadClient | undefined;
  const web = shared.protocol === 'websocket' && shared.web && index >= shared.web.from ? shared.web.port : undefined;
  // `onread` reads into one shared buffer, without a Buffer or a stream event per read: the load
  // generator must stay cheaper than the servers it measures, which write many small segments.
  const socket = connect({
    host: '127.0.0.1',
    port: web ?? shared.ports?.[index % shared.ports.length] ?? shared.port,
    onread: {
      buffer: READ_BUFFER,
      callback(bytes: number, buffer: Uint8Array) {
        chunkUs = nowUs();
        shared.lastReadUs = chunkUs;
        read((buffer as Buffer).subarray(0, bytes)); // the readers copy whatever they keep
        if (client) shared.afterChunk(client);
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  let waiter: { match: (line: string) => boolean; resolve(): void; reject(e: Error): void } | undefined;
  const settle = (error?: Error) => {
    const w = waiter;
    waiter = undefined;
    if (w) error ? w.reject(error) : w.resolve();
  };
  const other = (line: Buffer) => {
    if (!waiter) return;
    const text = line.toString('utf8');
    if (text.startsWith('{"type":"error"') || text === 'FALSE' || IRC_REFUSAL.test(text)) settle(new Error(`${nick}: ${text}`));
    else if (waiter.match(text)) settle();
  };
  const handlers = {
    message(sender: number, seq: number, sentUs: number) {
      shared.ledger.record(index, sender, seq);
      shared.latency.record(chunkUs - sentUs);
    },
    other,
    registered: (ok: boolean) => other(Buffer.from(ok ? 'TRUE' : 'FALSE')),
  };
  const read = web !== undefined ? createWebSocketReader(handlers, (ping) => socket.write(wsClientFrame(ping, 0xa)))
    : shared.protocol === 'native' || shared.protocol === 'websocket' ? createNativeReader(handlers)
    : shared.protocol === 'irc' ? createIrcReader(handlers) : createLegacyReader(shared.nickToSender, handlers);
  client = {
    index,
    nick,
    socket,
    expect(match, what, ms) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => settle(new Error(`${nick}: no ${what} within ${ms} ms`)), ms);
        waiter = {
          match,
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
      });
    },
  };
  socket.on('error', (error) => settle(error));
  socket.on('close', () => settle(new Error(`${nick}: connection closed by the server`)));
  // IRC: rxchat joins #lobby by itself and ngircd does not, so both are asked to; its 366 is the welcome.
  const ircJoined = ` 366 ${nick} #lobby `;
  const ready = join
    ? client.expect((line) => line === 'TRUE' || line.startsWith('{"type":"welcome"') || line.includes(ircJoined), 'welcome', timeoutMs)
    : client.expect(() => false, 'connection', timeoutMs);
  socket.once('connect', () => {
    if (!join) settle();
    else if (web !== undefined) socket.write(wsUpgradeRequest(web) + wsClientFrame(HELLO.native(nick).trimEnd()).toString('latin1'), 'latin1');
    else socket.write(HELLO[shared.protocol](nick));
  });
  const opened = client;
  return ready.then(() => opened, (error: Error) => {
    socket.destroy();
    throw error;
  });
}

/** What a client says to join, by protocol. */
const HELLO: Readonly<Record<LoadShared['protocol'], (nick: string) => string>> = {
  native: (nick) => `{"type":"hello","version":1,"nick":"${nick}"}\n`,
  websocket: (nick) => `{"type":"hello","version":1,"nick":"${nick}"}\n`,
  legacy: (nick) => nick,
  irc: (nick) => `NICK ${nick}\r\nUSER ${nick} 0 * :${nick}\r\nJOIN #lobby\r\n`,
};

/** An IRC refusal: ERROR, or a 4xx/5xx numeric. */
const IRC_REFUSAL = /^ERROR |^:\S+ (?:40[1-5]|43[1-7]|451|46[1-5]|47[1-7]) /;

/** When the chunk being read arrived, in µs: every delivery in one chunk arrived together. */
let chunkUs = 0;
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
