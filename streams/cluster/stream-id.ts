/**
 * [CLUSTER-BUS] Redis Stream ids (`<ms>-<n>`, both unsigned 64-bit): parsing and order. The bus
 * compares them to pick the newest snapshot and checks the ones callers hand it, so a typo is a
 * precise `TypeError` here and never a Redis syntax error later.
 */

const STREAM_ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;
const U64_MAX = (1n << 64n) - 1n;

/** The two parts of a stream id, or null when `id` is not one ('0' counts: it is `0-0`). */
export function parseStreamId(id: string): readonly [bigint, bigint] | null {
  const match = STREAM_ID.exec(id);
  if (match === null) return null;
  const ms = BigInt(match[1]!);
  const n = BigInt(match[2] ?? '0');
  return ms <= U64_MAX && n <= U64_MAX ? [ms, n] : null;
}

/** Negative, zero or positive as `a` is before, equal to or after `b` in a stream's order. */
export function compareStreamIds(a: string, b: string): number {
  const [am, an] = checkStreamId(a, 'id');
  const [bm, bn] = checkStreamId(b, 'id');
  if (am !== bm) return am < bm ? -1 : 1;
  return an === bn ? 0 : an < bn ? -1 : 1;
}

/** The parsed id; throws a `TypeError` naming `what` when it is not a stream id (our own misuse). */
export function checkStreamId(id: string, what: string): readonly [bigint, bigint] {
  const parsed = typeof id === 'string' ? parseStreamId(id) : null;
  if (parsed === null) throw new TypeError(`${what} must be a Redis Stream id like '1700000000000-0' or '0', got ${JSON.stringify(id)}`);
  return parsed;
}
