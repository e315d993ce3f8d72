/**
 * [LEGACY-STREAM] An original-protocol peer's input is a byte stream, not a list of frames: its
 * client sends each message as a bare packet and TCP joins and splits packets as it likes. The
 * original server relayed whatever one `recv()` returned. This cuts such a stream into messages:
 *
 * - at LF: the line is a message (its trailing whitespace, a CR included, is dropped; a blank line
 *   is nothing);
 * - at the text limit ([TEXT-MAX], in UTF-16 units as the room counts them), on a character
 *   boundary, so nothing is ever refused as too long;
 * - at the end of what has arrived ([LEGACY-FRAMING]: a packet without newline is a message), less
 *   its trailing whitespace, which waits for the next bytes (they may continue the line; a line's
 *   trailing whitespace is never sent). A packet whose last character is not complete yet (TCP
 *   split it) waits whole for the rest of that character.
 *
 * Pure: the bytes not yet taken are the state, handed back with each message.
 */

const LF = 0x0a;

/** One message taken from the stream (`undefined` when nothing can be taken yet) and what is left. */
export interface Taken {
  readonly message: Uint8Array | undefined;
  readonly rest: Uint8Array;
}

/**
 * Takes the next message from `pending`. A taken message is never empty; a blank line is consumed
 * without one (so call again while `rest` shrinks). Waiting whitespace beyond `4 * maxText` bytes
 * (a peer sending blanks without end) is dropped, so `rest` stays bounded.
 */
export function takeMessage(pending: Uint8Array, maxText: number): Taken {
  const lf = pending.indexOf(LF);
  const hold = lf === -1 ? incompleteTail(pending) : 0;
  const body = trimEndBlank(pending, lf === -1 ? pending.length - hold : lf);
  const cut = cutAt(pending, body, maxText);
  // A packet whose last character is still on the way is not over: it waits whole, unless it is
  // already longer than a message may be.
  if (body > 0 && (hold === 0 || cut < body)) {
    // A line cut short keeps its LF in `rest`: the rest of it is taken next.
    const next = cut < body ? cut : lf === -1 ? body : lf + 1;
    return { message: pending.subarray(0, cut), rest: pending.subarray(next) };
  }
  if (lf !== -1) return { message: undefined, rest: pending.subarray(lf + 1) };
  const blanks = pending.length - hold;
  if (body === 0 && blanks > 4 * maxText) return { message: undefined, rest: pending.subarray(blanks) };
  return { message: undefined, rest: pending };
}

/** The byte index at which the first `maxUnits` UTF-16 units of `bytes[0, end)` end, on a character boundary. */
export function cutAt(bytes: Uint8Array, end: number, maxUnits: number): number {
  // Every UTF-8 byte is at most one UTF-16 unit: short enough in bytes is short enough.
  if (end <= maxUnits) return end;
  let units = 0;
  let i = 0;
  while (i < end) {
    const size = charSize(bytes[i]!);
    const width = size === 4 ? 2 : 1;
    if (units + width > maxUnits) break;
    units += width;
    i = Math.min(end, i + size);
  }
  // A limit below one character's width still takes that character: progress is certain.
  return i > 0 ? i : Math.min(end, charSize(bytes[0]!));
}

/** Bytes a character takes, by its first byte (a stray continuation byte counts as one). */
function charSize(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** How many bytes at the end of `bytes` start a UTF-8 character not yet complete. */
export function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    return charSize(b) > back ? back : 0;
  }
  return 0;
}

/** Where `bytes[0, end)` ends once its trailing whitespace (as `String.prototype.trim` sees it) is gone. */
export function trimEndBlank(bytes: Uint8Array, end: number): number {
  let i = end;
  while (i > 0) {
    const start = charStart(bytes, i);
    if (!BLANK.has(codePoint(bytes, start, i))) break;
    i = start;
  }
  return i;
}

/** Where the character that ends at `end` starts. */
function charStart(bytes: Uint8Array, end: number): number {
  let i = end - 1;
  while (i > 0 && end - i < 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  return i;
}

function codePoint(bytes: Uint8Array, start: number, end: number): number {
  const lead = bytes[start]!;
  if (end - start === 1) return lead;
  let cp = lead & (0xff >> (end - start + 1));
  for (let i = start + 1; i < end; i++) cp = (cp << 6) | (bytes[i]! & 0x3f);
  return cp;
}

/** What `trim()` removes, so a message never reaches the room blank ([TEXT-EMPTY]). */
const BLANK = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);
