import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { wsTextFrames } from '../../src/ws-text-frames.js';
import { WS_BINARY, WS_TEXT } from '../adapters/websocket-adapter.js';

/**
 * [WS-FRAMES] Batches already framed, by the batch: every member of a room gets the very same batch
 * buffer in a turn ([BATCH-ONCE]), so it is framed once, not once per WebSocket peer. Weak: a
 * framing lives as long as its batch does.
 */
const framed = new WeakMap<Uint8Array, Uint8Array>();

/** [WS-PING] What the socket needs to watch for a dead peer. */
export interface WsSocketOptions {
  /** The upgraded TCP (or TLS) socket under `ws`: batches are written to it, and its `drain` is ours. */
  readonly raw: Duplex;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** How often a WebSocket ping goes out; a peer that has not answered the last one by then is cut. */
  readonly pingIntervalMs: number;
  /** [WS-LINGER] How long a page that went away (close code 1001) stays, unseen, for its resume. */
  readonly lingerMs: number;
}

/** [WS-LINGER] The close code of a browser page that goes away: a reload, a navigation, a closed tab. */
const GOING_AWAY = 1001;

/**
 * [WS] A WebSocket as the socket a connection link reads and writes: `data` is each message with a
 * one-byte text/binary tag ([WS-MESSAGE]); `write` takes native frames (LF-ended JSON, possibly a
 * turn's batch of them) and sends each as one text message, the whole batch in one socket write
 * ([WS-SEND], [WS-FRAMES]). `writableLength` is the WebSocket's `bufferedAmount` (the socket's
 * unsent bytes); `write`'s answer and `drain` are the socket's own, so the outbound queue applies
 * [SLOW-BYTES] and [SLOW-DRAIN] exactly as to TCP ([WS-BACKPRESSURE]).
 * [WS-PING] A protocol ping every `pingIntervalMs`; a peer silent for a whole interval is terminated.
 * [WS-LINGER] When the page goes away (1001: a reload), `close` waits `lingerMs`, so the room sees
 * a half-open connection and the page's `hello` + `resume` takes it over with nobody told ([RESUME]);
 * output meanwhile is dropped, and `destroy` (the takeover closing it) ends the wait at once.
 */
export class WsSocket extends EventEmitter {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  private waitingDrain = false;
  private alive = true;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly raw: Duplex;
  private linger: NodeJS.Timeout | undefined;

  constructor(private readonly ws: WebSocket, options: WsSocketOptions) {
    super();
    this.raw = options.raw;
    this.raw.on('drain', this.drained);
    this.remoteAddress = options.remoteAddress;
    this.remotePort = options.remotePort;
    ws.on('message', (data, isBinary) => this.emit('data', tagged(data as Buffer | Buffer[] | ArrayBuffer, isBinary)));
    ws.on('error', (error) => this.emit('error', error));
    ws.on('close', (code) => {
      clearInterval(this.heartbeat);
      this.raw.removeListener('drain', this.drained);
      if (code !== GOING_AWAY || options.lingerMs <= 0) return void this.emit('close');
      this.linger = setTimeout(() => this.closed(), options.lingerMs).unref();
    });
    ws.on('pong', () => (this.alive = true));
    this.heartbeat = setInterval(() => this.beat(), options.pingIntervalMs).unref();
  }

  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  get destroyed(): boolean {
    // While closing (after `end`) it is not destroyed yet: the close timeout may still cut it; nor
    // while it lingers, so that the close of a session taken over ends the wait ([WS-LINGER]).
    return this.ws.readyState === this.ws.CLOSED && this.linger === undefined;
  }

  /**
   * Sends each LF-ended frame of `chunk` as one text message, all in one write of the socket under
   * `ws` ([WS-FRAMES]: `ws.send` per frame cost a header, a callback and a system call each). `ws`
   * itself only writes pings, pongs and the close frame, each whole and never in the middle of ours.
   */
  write(chunk: Uint8Array): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return true;
    let frames = framed.get(chunk);
    if (frames === undefined) framed.set(chunk, (frames = wsTextFrames(chunk)));
    if (this.raw.write(frames)) return true;
    this.waitingDrain = true;
    return false;
  }

  /** After the queued messages, a normal close (1000). */
  end(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
  }

  destroy(): void {
    clearInterval(this.heartbeat);
    this.ws.terminate();
    if (this.linger !== undefined) this.closed();
  }

  /** No-ops: WebSocket peers are never paced ([LEGACY-PACE] is for the original protocol). */
  pause(): void {}
  resume(): void {}

  /** The socket passed everything on after a refused write: so may the outbound queue. */
  private readonly drained = (): void => {
    if (!this.waitingDrain) return;
    this.waitingDrain = false;
    this.emit('drain');
  };

  /** [WS-LINGER] The wait is over: the link may end. */
  private closed(): void {
    clearTimeout(this.linger);
    this.linger = undefined;
    this.emit('close');
  }

  private beat(): void {
    if (!this.alive) return this.destroy();
    this.alive = false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }
}

/** [WS-MESSAGE] A message's bytes behind its text/binary tag. */
function tagged(data: Buffer | Buffer[] | ArrayBuffer, isBinary: boolean): Buffer {
  const body = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return Buffer.concat([Buffer.of(isBinary ? WS_BINARY : WS_TEXT), body]);
}
