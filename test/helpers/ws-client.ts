import WebSocket from 'ws';
import { decodeServerFrame } from '../../src/native-codec.js';
import { PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from '../../src/protocol.js';
import { Collector } from './collector.js';
import { withTimeout } from './processes.js';
import { unfoldPresence } from './unfold-presence.js';

/**
 * A raw WebSocket client of the gateway for tests: every text message decoded as one server
 * frame and collected in order; `closeCode` once the server closed. Closed by `closeAllWsClients`.
 */
export class WsClient {
  readonly frames = new Collector<ServerFrame>();
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    let self: string | undefined;
    ws.on('message', (data, isBinary) => {
      const text = String(data);
      const decoded = isBinary ? undefined : decodeServerFrame(text);
      if (decoded?.ok && decoded.value.type === 'welcome') self = decoded.value.nick;
      // [PRESENCE] Coalesced joins and leaves read as the frames they stand for, as NativeClient does.
      if (decoded?.ok) for (const frame of unfoldPresence(decoded.value, self)) this.frames.push(frame);
      else this.frames.push({ type: 'error', code: 'BAD_FRAME', message: `undecodable: ${text.slice(0, 200)}`, fatal: false } as ServerFrame);
    });
    ws.on('error', () => {});
    this.closed = new Promise((resolve) => ws.once('close', (code) => {
      this.frames.end();
      resolve(code);
    }));
  }

  /** Opens `ws://` (or `wss://`, trusting any certificate: the tests' own) to the gateway on `port`. */
  static async connect(port: number, options: WebSocket.ClientOptions = {}, timeoutMs = 5_000, scheme: 'ws' | 'wss' = 'ws'): Promise<WsClient> {
    const tls = scheme === 'wss' ? { rejectUnauthorized: false } : {};
    const client = new WsClient(new WebSocket(`${scheme}://127.0.0.1:${port}/ws`, { ...tls, ...options }));
    open.add(client);
    void client.closed.then(() => open.delete(client));
    await withTimeout(new Promise<void>((resolve, reject) => {
      client.ws.once('open', resolve);
      client.ws.once('error', reject);
      client.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    }), timeoutMs, `a WebSocket to port ${port}`);
    return client;
  }

  static async join(port: number, nick: string, timeoutMs = 5_000, scheme: 'ws' | 'wss' = 'ws'): Promise<WsClient> {
    const client = await WsClient.connect(port, {}, timeoutMs, scheme);
    client.send({ type: 'hello', version: PROTOCOL_VERSION, nick });
    await client.frames.waitFor((f) => f.type === 'welcome', timeoutMs, `the welcome of ${nick}`);
    return client;
  }

  send(frame: ClientFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  waitFor(predicate: (frame: ServerFrame) => boolean, timeoutMs: number, what?: string): Promise<ServerFrame> {
    return this.frames.waitFor(predicate, timeoutMs, what);
  }

  waitClosed(timeoutMs: number): Promise<number> {
    return withTimeout(this.closed, timeoutMs, 'the WebSocket to close');
  }
}

const open = new Set<WsClient>();

/** Ends every WebSocket still open; for `afterEach`. */
export async function closeAllWsClients(): Promise<void> {
  const all = [...open];
  all.forEach((c) => c.ws.terminate());
  await Promise.all(all.map((c) => c.closed));
}
