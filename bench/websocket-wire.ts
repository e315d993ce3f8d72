/**
 * [BENCH-WS] The load generator's WebSocket side, on raw sockets and without a library (it must
 * stay cheaper than the server it measures): the upgrade request, client frames, and a reader of
 * the server's frames that hands each text message to the native reader's frame logic.
 */
import { readNativeFrame, type ReaderHandlers } from './wire-readers.js';

const HEADERS_END = Buffer.from('\r\n\r\n');

/**
 * [BENCH-WS] A WebSocket receiver of the native protocol, on a raw socket: first the HTTP answer to
 * the upgrade (anything but `101` is handed over as an `other` line), then the server's frames,
 * unmasked: each text message is one native frame. A ping is answered through `pong`.
 */
export function createWebSocketReader(handlers: ReaderHandlers, pong: (payload: Buffer) => void): (chunk: Buffer) => void {
  let carry: Buffer | undefined;
  let upgraded = false;
  return (chunk) => {
    let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    if (!upgraded) {
      const end = buf.indexOf(HEADERS_END);
      if (end === -1) return void (carry = Buffer.from(buf));
      const status = buf.subarray(0, buf.indexOf(0x0d));
      if (!status.toString('latin1').startsWith('HTTP/1.1 101')) return handlers.other(status);
      upgraded = true;
      buf = buf.subarray(end + 4);
    }
    let at = 0;
    for (;;) {
      const frame = wsFrameAt(buf, at);
      if (frame === undefined) break;
      if (frame.opcode === 0x1) readNativeFrame(buf, frame.start, frame.end, handlers);
      else if (frame.opcode === 0x9) pong(Buffer.from(buf.subarray(frame.start, frame.end)));
      at = frame.end;
    }
    if (at < buf.length) carry = Buffer.from(buf.subarray(at));
  };
}

/** The unmasked frame at `at` in `buf`, if all of it is there. */
function wsFrameAt(buf: Buffer, at: number): { opcode: number; start: number; end: number } | undefined {
  if (buf.length - at < 2) return undefined;
  const short = buf[at + 1]! & 0x7f;
  const header = short < 126 ? 2 : short === 126 ? 4 : 10;
  if (buf.length - at < header) return undefined;
  const length = short < 126 ? short : short === 126 ? buf.readUInt16BE(at + 2) : Number(buf.readBigUInt64BE(at + 2));
  if (buf.length - at - header < length) return undefined;
  return { opcode: buf[at]! & 0x0f, start: at + header, end: at + header + length };
}

/**
 * [BENCH-WS] What a WebSocket client sends: `text` as one masked text message (RFC 6455 wants a
 * mask from a client; an all-zero one leaves the bytes as they are, which the server accepts).
 */
export function wsClientFrame(text: string | Buffer, opcode = 0x1): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text) : text;
  const header = body.length < 126 ? [0x80 | opcode, 0x80 | body.length]
    : [0x80 | opcode, 0x80 | 126, body.length >>> 8, body.length & 0xff];
  return Buffer.concat([Buffer.from(header), Buffer.alloc(4), body]);
}

/** [BENCH-WS] The HTTP request that opens the gateway's WebSocket. */
export function wsUpgradeRequest(port: number): string {
  return `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: cnhjaGF0LWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
}
