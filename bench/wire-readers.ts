/**
 * Fast readers for what the load generator receives. A benchmark message's text is its payload
 * `sender.seq.sentMicros` (digits and dots only), so the readers find it without JSON.parse or
 * per-line strings: on the hot path they only scan bytes.
 */

/** What a reader reports; `line` is handed over only for the rare frames that are not messages. */
export interface ReaderHandlers {
  message(sender: number, seq: number, sentUs: number): void;
  other(line: Buffer): void;
}

const LF = 0x0a;
const QUOTE = 0x22;
const DOT = 0x2e;
const SEMI = 0x3b;

/** Parses `a.b.c` from `buf[start, end)`; false if it is not three numbers. */
function parsePayload(buf: Buffer, start: number, end: number, handlers: ReaderHandlers): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let field = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const ch = buf[i]!;
    if (ch === DOT) {
      if (digits === 0 || ++field > 2) return false;
      digits = 0;
    } else if (ch >= 0x30 && ch <= 0x39) {
      const d = ch - 0x30;
      if (field === 0) a = a * 10 + d;
      else if (field === 1) b = b * 10 + d;
      else c = c * 10 + d;
      digits++;
    } else return false;
  }
  if (field !== 2 || digits === 0) return false;
  handlers.message(a, b, c);
  return true;
}

/**
 * Native protocol: newline-delimited JSON. A `message` frame ends with `"text":"<payload>"}`,
 * as rxchat and the baselines both serialise it, so the payload is read backwards from the end.
 */
export function createNativeReader(handlers: ReaderHandlers): (chunk: Buffer) => void {
  let carry: Buffer | undefined;
  return (chunk) => {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let start = 0;
    for (;;) {
      const lf = buf.indexOf(LF, start);
      if (lf === -1) break;
      readNativeFrame(buf, start, lf, handlers);
      start = lf + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
  };
}

/** One native frame, `buf[start, end)`: a benchmark message's payload, or any other frame as is. */
function readNativeFrame(buf: Buffer, start: number, end: number, handlers: ReaderHandlers): void {
  // `{"type":"message"`: byte 9 is the `m`; no other server frame type starts with it.
  if (buf[start + 9] === 0x6d && buf[end - 1] === 0x7d && buf[end - 2] === QUOTE) {
    let open = end - 3;
    while (open > start && buf[open] !== QUOTE) open--;
    if (parsePayload(buf, open + 1, end - 2, handlers)) return;
  }
  handlers.other(buf.subarray(start, end));
}

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

/**
 * Legacy protocol: after `TRUE`, the server sends `nick: <text>\n` for each packet it read, and
 * a packet may hold part of a message or several. Payloads end with `;`, so each sender's text is
 * glued back together and cut at the semicolons. `nickToSender` maps sender nicknames to indices.
 */
export function createLegacyReader(
  nickToSender: ReadonlyMap<string, number>,
  handlers: ReaderHandlers & { registered(ok: boolean): void },
): (chunk: Buffer) => void {
  let handshake = true;
  let carry = '';
  const partial = new Map<number, string>();
  return (chunk) => {
    let text = carry + chunk.toString('latin1');
    carry = '';
    if (handshake) {
      if (text.startsWith('TRUE')) text = text.slice(4);
      else if (text.startsWith('FALSE')) return handlers.registered(false);
      else return void (carry = text);
      handshake = false;
      handlers.registered(true);
    }
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (lf === -1) break;
      const colon = text.indexOf(': ', start);
      const sender = colon > start && colon < lf ? nickToSender.get(text.slice(start, colon)) : undefined;
      if (sender === undefined) handlers.other(Buffer.from(text.slice(start, lf), 'latin1'));
      else {
        const joined = (partial.get(sender) ?? '') + text.slice(colon + 2, lf);
        const last = joined.lastIndexOf(';');
        partial.set(sender, joined.slice(last + 1));
        if (last >= 0) emitPayloads(joined, last, handlers);
      }
      start = lf + 1;
    }
    carry = text.slice(start);
  };
}

function emitPayloads(text: string, last: number, handlers: ReaderHandlers): void {
  const bytes = Buffer.from(text.slice(0, last + 1), 'latin1');
  let from = 0;
  for (;;) {
    const end = bytes.indexOf(SEMI, from);
    if (end === -1) return;
    if (!parsePayload(bytes, from, end, handlers)) handlers.other(bytes.subarray(from, end));
    from = end + 1;
  }
}

const COLON = 0x3a;
const CR = 0x0d;

/**
 * IRC: CR LF lines; a benchmark message is `:nick!user@host PRIVMSG #room :<payload>` (no tags: the
 * load generator asks for no capability), so the payload runs from the last `:` to the CR. Any
 * other line (numerics, JOIN, PING) is handed over as is.
 */
export function createIrcReader(handlers: ReaderHandlers): (chunk: Buffer) => void {
  let carry: Buffer | undefined;
  return (chunk) => {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let start = 0;
    for (;;) {
      const lf = buf.indexOf(LF, start);
      if (lf === -1) break;
      const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
      let colon = end - 1;
      while (colon > start && buf[colon] !== COLON) colon--;
      if (colon <= start || !parsePayload(buf, colon + 1, end, handlers)) handlers.other(buf.subarray(start, end));
      start = lf + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
  };
}
