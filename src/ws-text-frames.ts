/** [WS-FRAMES] The WebSocket framing (RFC 6455 section 5.2) of a server's text messages. */

const FIN_TEXT = 0x81;
const LF = 0x0a;

/** Header bytes of one unmasked server frame with `length` payload bytes. */
function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * [WS-FRAMES] Frames every LF-ended line of `batch` (a turn's native frames) as one final, unmasked,
 * uncompressed text message, in one buffer: a WebSocket peer reads one message per frame, and the
 * socket gets the whole batch in one write. A last line without LF is a message too; the LFs are
 * not sent. The lines are passed on as they are (the encoder made them valid UTF-8).
 */
export function wsTextFrames(batch: Uint8Array): Uint8Array {
  let total = 0;
  forEachLine(batch, (start, end) => (total += headerBytes(end - start) + end - start));
  const out = new Uint8Array(total);
  let at = 0;
  forEachLine(batch, (start, end) => {
    at = writeHeader(out, at, end - start);
    out.set(batch.subarray(start, end), at);
    at += end - start;
  });
  return out;
}

function forEachLine(batch: Uint8Array, each: (start: number, end: number) => void): void {
  let start = 0;
  for (let lf = batch.indexOf(LF); lf !== -1; lf = batch.indexOf(LF, start)) {
    each(start, lf);
    start = lf + 1;
  }
  if (start < batch.length) each(start, batch.length);
}

function writeHeader(out: Uint8Array, at: number, length: number): number {
  out[at] = FIN_TEXT;
  if (length < 126) {
    out[at + 1] = length;
    return at + 2;
  }
  if (length < 65_536) {
    out[at + 1] = 126;
    out[at + 2] = length >>> 8;
    out[at + 3] = length & 0xff;
    return at + 4;
  }
  out[at + 1] = 127;
  // Lengths stay far below 2^32 ([FRAME-MAX]); the high four bytes are zero.
  for (let i = 0; i < 4; i++) out[at + 2 + i] = 0;
  out[at + 6] = (length >>> 24) & 0xff;
  out[at + 7] = (length >>> 16) & 0xff;
  out[at + 8] = (length >>> 8) & 0xff;
  out[at + 9] = length & 0xff;
  return at + 10;
}
