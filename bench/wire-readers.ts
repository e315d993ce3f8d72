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
  return createLineReader((buf, start, lf) => readNativeFrame(buf, start, lf, handlers));
}

/**
 * Cuts a byte stream at LF and hands each line (`buf`, its start, the index of its LF) to `onLine`; a line
 * split across chunks is carried to the next one. Every reader of a line protocol (native, IRC) is this loop.
 */
function createLineReader(onLine: (buf: Buffer, start: number, lf: number) => void): (chunk: Buffer) => void {
  let carry: Buffer | undefined;
  return (chunk) => {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let start = 0;
    for (;;) {
      const lf = buf.indexOf(LF, start);
      if (lf === -1) break;
      onLine(buf, start, lf);
      start = lf + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
  };
}

export function readNativeFrame(buf: Buffer, start: number, end: number, handlers: ReaderHandlers): void {
  // `{"type":"message"`: byte 9 is the `m`; no other server frame type starts with it.
  if (buf[start + 9] === 0x6d && buf[end - 1] === 0x7d && buf[end - 2] === QUOTE) {
    let open = end - 3;
    while (open > start && buf[open] !== QUOTE) open--;
    if (parsePayload(buf, open + 1, end - 2, handlers)) return;
  }
  handlers.other(buf.subarray(start, end));
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
  return createLineReader((buf, start, lf) => {
    const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
    let colon = end - 1;
    while (colon > start && buf[colon] !== COLON) colon--;
    if (colon <= start || !parsePayload(buf, colon + 1, end, handlers)) handlers.other(buf.subarray(start, end));
  });
}
