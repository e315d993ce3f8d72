import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { WS_BINARY, WS_TEXT } from '../adapters/websocket-adapter.js';

/** [WS-BACKPRESSURE] Bytes `ws` may hold unsent before `write` says "wait for drain", as a TCP socket's high-water mark. */
const HIGH_WATER_BYTES = 16 * 1024;

/** [WS-PING] What the socket needs to watch for a dead peer. */
export interface WsSocketOptions {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** How often a WebSocket ping goes out; a peer that has not answered the last one by then is cut. */
  readonly pingIntervalMs: number;
}

/**
 * [WS] A WebSocket as the socket a connection link reads and writes: `data` is each message with a
 * one-byte text/binary tag ([WS-MESSAGE]); `write` takes native frames (LF-ended JSON, possibly a
 * turn's batch of them) and sends each as one text message ([WS-SEND]). `writableLength` is the
 * WebSocket's `bufferedAmount` and `drain` comes when it is empty again after a refused write, so
 * the outbound queue applies [SLOW-BYTES] and [SLOW-DRAIN] exactly as to TCP ([WS-BACKPRESSURE]).
 * [WS-PING] A protocol ping every `pingIntervalMs`; a peer silent for a whole interval is terminated.
 */
export class WsSocket extends EventEmitter {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  private waitingDrain = false;
  private alive = true;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly ws: WebSocket, options: WsSocketOptions) {
    super();
    this.remoteAddress = options.remoteAddress;
    this.remotePort = options.remotePort;
    ws.on('message', (data, isBinary) => this.emit('data', tagged(data as Buffer | Buffer[] | ArrayBuffer, isBinary)));
    ws.on('error', (error) => this.emit('error', error));
    ws.on('close', () => {
      clearInterval(this.heartbeat);
      this.emit('close');
    });
    ws.on('pong', () => (this.alive = true));
    this.heartbeat = setInterval(() => this.beat(), options.pingIntervalMs).unref();
  }

  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  get destroyed(): boolean {
    // While closing (after `end`) it is not destroyed yet: the close timeout may still cut it.
    return this.ws.readyState === this.ws.CLOSED;
  }

  /** Sends each LF-ended frame of `chunk` as one text message. */
  write(chunk: Uint8Array): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return true;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = 0;
    for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, start)) {
      this.ws.send(bytes.subarray(start, lf), { binary: false }, this.sent);
      start = lf + 1;
    }
    if (start < bytes.length) this.ws.send(bytes.subarray(start), { binary: false }, this.sent);
    if (this.ws.bufferedAmount <= HIGH_WATER_BYTES) return true;
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
  }

  /** No-ops: WebSocket peers are never paced ([LEGACY-PACE] is for the original protocol). */
  pause(): void {}
  resume(): void {}

  /** Called by `ws` as each message reaches the kernel: `drain` once nothing waits any more. */
  private readonly sent = (): void => {
    if (this.waitingDrain && this.ws.bufferedAmount === 0) {
      this.waitingDrain = false;
      this.emit('drain');
    }
  };

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
