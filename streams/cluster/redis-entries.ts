import type { BusAppend, BusEntry } from './bus.js';

/** [BUS-BOUNDS] The largest event body one entry may carry, in bytes (an event is a few KiB at most). */
export const MAX_ENTRY_BYTES = 1024 * 1024;

/** [BUS-BOUNDS] The most entries one `append` may carry: a turn's group commit, never an unbounded MULTI. */
export const MAX_BATCH_ENTRIES = 10_000;

/** [BUS-BOUNDS] The most bytes (bodies) one `append` may carry. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/**
 * [BUS-CORRUPT] An entry of the stream that this bus did not write: a field missing or extra, a
 * boot or seq that is not a positive integer, a body over [BUS-BOUNDS]. Reading stops on it (a
 * retry would meet it again) and says where it is.
 */
export class BusCorruptError extends Error {
  override readonly name = 'BusCorruptError';
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * Checks a batch before it reaches Redis; throws a `TypeError` (our own misuse: the store hands the
 * bus what it built) naming the entry and the bound it breaks. Returns the batch's byte total.
 */
export function checkBatch(entries: readonly BusAppend[]): number {
  if (!Array.isArray(entries) || entries.length === 0) throw new TypeError('append needs at least one entry');
  if (entries.length > MAX_BATCH_ENTRIES) throw new TypeError(`append takes at most ${MAX_BATCH_ENTRIES} entries, got ${entries.length}`);
  let total = 0;
  entries.forEach((entry, i) => {
    if (!positiveInteger(entry.boot) || !positiveInteger(entry.seq)) throw new TypeError(`entry ${i}: boot and seq must be positive integers`);
    if (typeof entry.body !== 'string') throw new TypeError(`entry ${i}: body must be a string`);
    const bytes = byteLength(entry.body);
    if (bytes > MAX_ENTRY_BYTES) throw new TypeError(`entry ${i}: body of ${bytes} bytes is over the ${MAX_ENTRY_BYTES}-byte bound [BUS-BOUNDS]`);
    total += bytes;
  });
  if (total > MAX_BATCH_BYTES) throw new TypeError(`append of ${total} bytes is over the ${MAX_BATCH_BYTES}-byte bound [BUS-BOUNDS]`);
  return total;
}

/** The XADD field list of one entry: b=boot, s=seq, e=body. */
export function entryFields(entry: BusAppend): string[] {
  return ['b', String(entry.boot), 's', String(entry.seq), 'e', entry.body];
}

const DECIMAL = /^[1-9]\d{0,15}$/;

function decodeInteger(text: string | undefined, what: string, id: string): number {
  const value = text !== undefined && DECIMAL.test(text) ? Number(text) : NaN;
  if (!positiveInteger(value)) throw new BusCorruptError(`stream entry ${id}: ${what} is not a positive integer`);
  return value;
}

/** One stream entry as Redis returns it (`[id, [field, value, ...]]`), decoded and checked. */
export function decodeEntry([id, fields]: [string, string[]]): BusEntry {
  if (fields.length !== 6) throw new BusCorruptError(`stream entry ${id}: expected the fields b, s, e, got ${fields.length / 2}`);
  const byName = new Map<string, string>();
  for (let i = 0; i < fields.length; i += 2) byName.set(fields[i]!, fields[i + 1]!);
  const body = byName.get('e');
  if (body === undefined) throw new BusCorruptError(`stream entry ${id}: no body (field e)`);
  if (byteLength(body) > MAX_ENTRY_BYTES) throw new BusCorruptError(`stream entry ${id}: body over ${MAX_ENTRY_BYTES} bytes [BUS-BOUNDS]`);
  return { id, boot: decodeInteger(byName.get('b'), 'boot (field b)', id), seq: decodeInteger(byName.get('s'), 'seq (field s)', id), body };
}
