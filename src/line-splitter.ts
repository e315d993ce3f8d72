/**
 * [FRAMING] Splitting a byte stream into lines, as a pure function that carries the leftover forward.
 * A line ends at LF; a CR before the LF is dropped. LF never occurs inside a multi-byte UTF-8
 * character, so a character split across chunks simply waits in the carry.
 */

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint8Array(0);

/** What the splitter remembers between chunks. */
export interface SplitState {
  /** Bytes of an unfinished line. Never longer than the limit. */
  readonly carry: Uint8Array;
  /** True while skipping the rest of an over-long line, up to its LF. */
  readonly discarding: boolean;
}

/** One piece of output: a complete line, or the news that a line passed the limit. */
export type SplitItem =
  | { readonly kind: 'line'; readonly bytes: Uint8Array }
  | { readonly kind: 'overflow' };

export interface SplitResult {
  readonly state: SplitState;
  readonly items: readonly SplitItem[];
}

export const initialSplitState: SplitState = { carry: EMPTY, discarding: false };

const OVERFLOW: SplitItem = { kind: 'overflow' };

/**
 * Splits `chunk` into lines, given what earlier chunks left. A line longer than `maxBytes`
 * yields one `overflow` item and is skipped up to its LF, so memory stays bounded by `maxBytes`.
 */
export function splitLines(state: SplitState, chunk: Uint8Array, maxBytes: number): SplitResult {
  const items: SplitItem[] = [];
  let { carry, discarding } = state;
  let start = 0;
  for (;;) {
    const lf = chunk.indexOf(LF, start);
    if (lf === -1) break;
    if (discarding) discarding = false;
    else {
      const line = join(carry, chunk.subarray(start, lf));
      if (line.length > maxBytes + (endsWithCr(line) ? 1 : 0)) items.push(OVERFLOW);
      else items.push({ kind: 'line', bytes: stripCr(line) });
    }
    carry = EMPTY;
    start = lf + 1;
  }
  if (!discarding && start < chunk.length) {
    // One byte beyond the limit may be the CR of a line that is exactly at the limit.
    const tail = chunk.subarray(start);
    const rest = join(carry, tail);
    if (rest.length > maxBytes + 1) {
      items.push(OVERFLOW);
      carry = EMPTY;
      discarding = true;
    } else carry = rest === tail ? tail.slice() : rest; // copy: do not pin the socket's read buffer
  }
  return { state: { carry, discarding }, items };
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function endsWithCr(line: Uint8Array): boolean {
  return line.length > 0 && line[line.length - 1] === CR;
}

function stripCr(line: Uint8Array): Uint8Array {
  return endsWithCr(line) ? line.subarray(0, line.length - 1) : line;
}
