/**
 * A room's last messages ([HISTORY-DEFAULT]): an immutable queue with structural sharing, so a chat
 * line costs the same whatever `--history` is. Appending copies at most one chunk of {@link WIDTH}
 * per level (O(1) amortised, O(log32 n) at worst) and drops the oldest the same way; nothing is
 * ever mutated, so a deep-frozen state keeps working and every older version stays valid.
 *
 * The layout is a queue of chunks: the newest items in `back`, the oldest in `front` (read from
 * `lo`), and the full chunks between them in `middle`, itself such a queue one level up (chunks of
 * chunks). Serialised, it is just its items, oldest first ({@link BoundedHistory.toJSON} and
 * {@link BoundedHistory.fromJSON}), the same JSON a plain array had.
 */

/** Items per chunk: one copy of at most this many per append and per level. */
export const WIDTH = 32;

interface Level<T> {
  /** Elements at this level: items at the first, chunks of the level below further up. */
  readonly size: number;
  /**
   * The oldest elements, live from `lo`. Only the first level keeps dropped ones before `lo` (at
   * most WIDTH - 1 items, to spare a copy per drop); levels above cut theirs off, since each of
   * their elements holds up to WIDTH^level dropped items.
   */
  readonly front: readonly T[];
  readonly lo: number;
  /** Full chunks between `front` and `back`; when `front` is used up, `middle` is empty. */
  readonly middle: Level<readonly T[]> | null;
  /** The newest elements, at most WIDTH. */
  readonly back: readonly T[];
}

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_LEVEL: Level<never> = Object.freeze({ size: 0, front: NONE, lo: 0, middle: null, back: NONE });

/** Bounded, oldest-first, immutable: what `Room.history` holds. Compares (`toEqual`) by its items. */
export class BoundedHistory<T> implements Iterable<T> {
  readonly #level: Level<T>;
  private static readonly EMPTY = new BoundedHistory<never>(EMPTY_LEVEL);

  static empty<T>(): BoundedHistory<T> {
    return BoundedHistory.EMPTY;
  }

  /** The history of `items`, oldest first: the inverse of {@link BoundedHistory.toJSON}. */
  static fromJSON<T>(items: readonly T[]): BoundedHistory<T> {
    let level: Level<T> = EMPTY_LEVEL;
    for (const item of items) level = push(level, item);
    return level.size === 0 ? BoundedHistory.empty() : new BoundedHistory(level);
  }

  private constructor(level: Level<T>) {
    // A private field, so not an own property: two histories with the same items are equal
    // (vitest's `toEqual` compares iterables by their items), whatever order of appends and drops
    // shaped their chunks. (`Object.defineProperty` did the same at twice the cost of an append.)
    this.#level = level;
    Object.freeze(this);
  }

  get size(): number {
    return this.#level.size;
  }

  /**
   * The history with `item` as its newest, the oldest dropped so that at most `limit` remain
   * (all of them, when `limit` shrank since the last append). Throws a `TypeError` for a `limit`
   * that is not a whole number >= 0.
   */
  append(item: T, limit: number): BoundedHistory<T> {
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`history limit must be a whole number >= 0, not ${limit}`);
    if (limit === 0) return BoundedHistory.empty();
    let level = push(this.#level, item);
    while (level.size > limit) level = shift(level);
    return new BoundedHistory(level);
  }

  /** The newest `n` items (all if fewer), oldest first; costs O(n), not O(size). */
  last(n: number): T[] {
    const out: T[] = [];
    const want = Math.min(Math.max(0, Math.floor(n)), this.#level.size);
    if (want > 0) eachNewestFirst(this.#level, (item) => out.push(item) < want);
    return out.reverse();
  }

  /**
   * Items this history keeps in memory, the dropped ones it still references included: at most
   * `size + WIDTH - 1`, so memory stays bounded by `--history`. For tests and diagnostics.
   */
  heldItems(): number {
    return held(this.#level, () => 1);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toJSON()[Symbol.iterator]();
  }

  /** The items, oldest first: what `JSON.stringify` writes, and what `fromJSON` reads back. */
  toJSON(): T[] {
    const out: T[] = [];
    each(this.#level, (item) => out.push(item));
    return out;
  }
}

function push<T>(level: Level<T>, item: T): Level<T> {
  const { size, front, lo, middle, back } = level;
  if (back.length < WIDTH) return { size: size + 1, front, lo, middle, back: [...back, item] };
  // A full `back` becomes a chunk: the front one when the front is used up (then `middle` is empty).
  if (lo === front.length) return { size: size + 1, front: back, lo: 0, middle, back: [item] };
  return { size: size + 1, front, lo, middle: push(middle ?? EMPTY_LEVEL, back), back: [item] };
}

/** `level` without its oldest element; `level` must not be empty. `compact`: keep no dropped element. */
function shift<T>(level: Level<T>, compact = false): Level<T> {
  const { size, front, lo, middle, back } = level;
  if (lo === front.length) {
    // Everything is in `back`: it becomes the front, its first element already gone.
    if (size === 1) return EMPTY_LEVEL;
    return { size: size - 1, front: compact ? back.slice(1) : back, lo: compact ? 0 : 1, middle: null, back: NONE };
  }
  if (lo + 1 < front.length) {
    return compact ? { size: size - 1, front: front.slice(lo + 1), lo: 0, middle, back } : { size: size - 1, front, lo: lo + 1, middle, back };
  }
  // The front chunk is used up: the oldest chunk of `middle` takes its place.
  if (!middle || middle.size === 0) return { size: size - 1, front: NONE, lo: 0, middle: null, back };
  const next = middle.lo < middle.front.length ? middle.front[middle.lo]! : middle.back[0]!;
  return { size: size - 1, front: next, lo: 0, middle: middle.size === 1 ? null : shift(middle, true), back };
}

/** Items reachable from `level`, dropped ones still referenced included; `weight` counts one element. */
function held<T>(level: Level<T> | null, weight: (element: T) => number): number {
  if (!level) return 0;
  let total = 0;
  for (const element of level.front) total += weight(element);
  for (const element of level.back) total += weight(element);
  return total + held(level.middle, (chunk) => chunk.reduce((sum, element) => sum + weight(element), 0));
}

function each<T>(level: Level<T>, visit: (item: T) => void): void {
  for (let i = level.lo; i < level.front.length; i++) visit(level.front[i]!);
  if (level.middle) each(level.middle, (chunk) => { for (const item of chunk) visit(item); });
  for (const item of level.back) visit(item);
}

/** Visits newest first while `visit` returns true; returns false once it stopped. */
function eachNewestFirst<T>(level: Level<T>, visit: (item: T) => boolean): boolean {
  for (let i = level.back.length - 1; i >= 0; i--) if (!visit(level.back[i]!)) return false;
  const inner = (chunk: readonly T[]): boolean => {
    for (let i = chunk.length - 1; i >= 0; i--) if (!visit(chunk[i]!)) return false;
    return true;
  };
  if (level.middle && !eachNewestFirst(level.middle, inner)) return false;
  for (let i = level.front.length - 1; i >= level.lo; i--) if (!visit(level.front[i]!)) return false;
  return true;
}
