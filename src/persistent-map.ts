/**
 * An immutable hash map with structural sharing (a hash array mapped trie): `set` and `delete`
 * return a new map in O(log32 n) and share everything they did not touch, so the room state can
 * change one member among thousands without copying the others. Reads follow `ReadonlyMap`.
 */

type Key = string | number;

interface Leaf<K, V> { readonly kind: 0; readonly hash: number; readonly key: K; readonly value: V }
interface Collision<K, V> { readonly kind: 1; readonly hash: number; readonly leaves: readonly Leaf<K, V>[] }
interface Branch<K, V> { readonly kind: 2; readonly bitmap: number; readonly children: readonly Node<K, V>[] }
type Node<K, V> = Leaf<K, V> | Collision<K, V> | Branch<K, V>;

const BITS = 5;
const MASK = 31;

/**
 * A key's 32-bit hash. Maps built with different hashes must never be mixed; the default is one
 * to one on integers below 2**32, mixes the high word of larger ones in (so those can collide),
 * and hashes strings by FNV-1a.
 */
export type KeyHash<K> = (key: K) => number;

function hashOf(key: Key): number {
  if (typeof key === 'number') {
    // [BOOT] Connection ids reach past 2**32 (boot * 2**32 + n): the high word is mixed in too.
    let h = Math.imul((key | 0) ^ Math.imul((key / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1);
    return (h ^ (h >>> 16)) | 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
};

export class PersistentMap<K extends Key, V> implements ReadonlyMap<K, V> {
  /**
   * An empty map. `hash` is a seam for tests: one that maps many keys to the same value forces the
   * collision nodes that the default hash rarely makes (never for integers below 2**32).
   */
  static empty<K extends Key, V>(hash: KeyHash<K> = hashOf): PersistentMap<K, V> {
    return new PersistentMap<K, V>(undefined, 0, hash);
  }

  static of<K extends Key, V>(entries: Iterable<readonly [K, V]>, hash: KeyHash<K> = hashOf): PersistentMap<K, V> {
    let map = PersistentMap.empty<K, V>(hash);
    for (const [k, v] of entries) map = map.set(k, v);
    return map;
  }

  // A private field, so not an own property: it stays out of `toEqual`'s comparison and of JSON.
  readonly #hash: KeyHash<K>;

  private constructor(private readonly root: Node<K, V> | undefined, readonly size: number, hash: KeyHash<K>) {
    this.#hash = hash;
    Object.freeze(this);
  }

  get(key: K): V | undefined {
    return this.find(key)?.value;
  }

  has(key: K): boolean {
    return this.find(key) !== undefined;
  }

  private find(key: K): Leaf<K, V> | undefined {
    let node = this.root;
    const hash = this.#hash(key);
    for (let shift = 0; node; shift += BITS) {
      if (node.kind === 0) return node.key === key ? node : undefined;
      if (node.kind === 1) return node.leaves.find((l) => l.key === key);
      const bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))];
    }
    return undefined;
  }

  /** A map with `key` bound to `value`; `this` when it already was. */
  set(key: K, value: V): PersistentMap<K, V> {
    const added = { yes: this.root === undefined };
    const hash = this.#hash(key);
    const root = this.root ? setIn(this.root, 0, hash, key, value, added) : leaf(hash, key, value);
    return root === this.root ? this : new PersistentMap(root, this.size + (added.yes ? 1 : 0), this.#hash);
  }

  /** A map without `key`; `this` when it had none. */
  delete(key: K): PersistentMap<K, V> {
    if (!this.root) return this;
    const root = deleteIn(this.root, 0, this.#hash(key), key);
    return root === this.root ? this : new PersistentMap(root ?? undefined, this.size - 1, this.#hash);
  }

  entries(): MapIterator<[K, V]> {
    return iterate(this.root, (k, v) => [k, v] as [K, V]);
  }

  keys(): MapIterator<K> {
    return iterate(this.root, (k) => k);
  }

  values(): MapIterator<V> {
    return iterate(this.root, (_, v) => v);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  /**
   * Up to `limit` keys in iteration order, from the start or from after `after`'s place in that
   * order. A key's place follows from its hash alone, so paging this way neither repeats nor
   * skips a key that stays in the map while others come and go, even when `after` itself went.
   * O(log32 n + limit).
   */
  keysAfter(after: K | undefined, limit: number): K[] {
    const out: K[] = [];
    if (this.root && limit > 0) walkAfter(this.root, 0, after === undefined ? undefined : { hash: hashOf(after), key: after }, limit, out);
    return out;
  }

  /** Entries as an array, so the state serialises with `JSON.stringify`. */
  toJSON(): [K, V][] {
    return [...this.entries()];
  }
}

function leaf<K, V>(hash: number, key: K, value: V): Leaf<K, V> {
  return { kind: 0, hash, key, value };
}

/**
 * Collects the entries depth-first into an array and iterates that: a plain recursion is several
 * times faster than a recursive generator, and every caller walks the whole map anyway.
 */
function iterate<K, V, T>(root: Node<K, V> | undefined, pick: (key: K, value: V) => T): MapIterator<T> {
  const out: T[] = [];
  if (root) collect(root, pick, out);
  // Node 20 has no iterator helpers; callers only iterate, which an array iterator does.
  return out[Symbol.iterator]() as unknown as MapIterator<T>;
}

function collect<K, V, T>(node: Node<K, V>, pick: (key: K, value: V) => T, out: T[]): void {
  if (node.kind === 0) out.push(pick(node.key, node.value));
  else if (node.kind === 1) for (const l of node.leaves) out.push(pick(l.key, l.value));
  else for (const child of node.children) collect(child, pick, out);
}

function setIn<K, V>(node: Node<K, V>, shift: number, hash: number, key: K, value: V, added: { yes: boolean }): Node<K, V> {
  if (node.kind === 0) {
    if (node.key === key) return node.value === value ? node : leaf(hash, key, value);
    added.yes = true;
    if (node.hash === hash) return { kind: 1, hash, leaves: [node, leaf(hash, key, value)] };
    return merge(node, leaf(hash, key, value), shift);
  }
  if (node.kind === 1) {
    if (node.hash !== hash) {
      added.yes = true;
      return merge(node, leaf(hash, key, value), shift);
    }
    const i = node.leaves.findIndex((l) => l.key === key);
    if (i >= 0 && node.leaves[i]!.value === value) return node;
    if (i < 0) added.yes = true;
    const leaves = i < 0 ? [...node.leaves, leaf(hash, key, value)] : node.leaves.map((l, j) => (j === i ? leaf(hash, key, value) : l));
    return { kind: 1, hash, leaves };
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    added.yes = true;
    const children = [...node.children];
    children.splice(index, 0, leaf(hash, key, value));
    return { kind: 2, bitmap: node.bitmap | bit, children };
  }
  const child = node.children[index]!;
  const next = setIn(child, shift + BITS, hash, key, value, added);
  if (next === child) return node;
  const children = [...node.children];
  children[index] = next;
  return { kind: 2, bitmap: node.bitmap, children };
}

/** A branch holding two nodes whose hashes differ, as deep as their hashes agree. */
function merge<K, V>(a: Leaf<K, V> | Collision<K, V>, b: Leaf<K, V>, shift: number): Node<K, V> {
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return { kind: 2, bitmap: 1 << ia, children: [merge(a, b, shift + BITS)] };
  return { kind: 2, bitmap: (1 << ia) | (1 << ib), children: ia < ib ? [a, b] : [b, a] };
}

function deleteIn<K, V>(node: Node<K, V>, shift: number, hash: number, key: K): Node<K, V> | null {
  if (node.kind === 0) return node.key === key ? null : node;
  if (node.kind === 1) {
    const leaves = node.leaves.filter((l) => l.key !== key);
    if (leaves.length === node.leaves.length) return node;
    return leaves.length === 1 ? leaves[0]! : { kind: 1, hash: node.hash, leaves };
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const index = popcount(node.bitmap & (bit - 1));
  const child = node.children[index]!;
  const next = deleteIn(child, shift + BITS, hash, key);
  if (next === child) return node;
  const children = [...node.children];
  if (next) children[index] = next;
  else children.splice(index, 1);
  if (children.length === 0) return null;
  // A branch left with one leaf collapses into it, so paths stay short.
  if (children.length === 1 && children[0]!.kind !== 2) return children[0]!;
  return { kind: 2, bitmap: next ? node.bitmap : node.bitmap & ~bit, children };
}

/** Whether hash `a` comes after hash `b` in iteration order, given they agree below `shift`. */
function laterHash(a: number, b: number, shift: number): boolean {
  for (let s = shift; s < 32; s += BITS) {
    const ga = (a >>> s) & MASK;
    const gb = (b >>> s) & MASK;
    if (ga !== gb) return ga > gb;
  }
  return false;
}

/** Collects keys after `from` (all of them without it) in iteration order, at most `limit`. */
function walkAfter<K, V>(node: Node<K, V>, shift: number, from: { hash: number; key: K } | undefined, limit: number, out: K[]): void {
  if (node.kind === 0) {
    if (from === undefined || laterHash(node.hash, from.hash, shift)) out.push(node.key);
    return;
  }
  if (node.kind === 1) {
    // Equal hashes: the leaves' own order, after `from` when it is one of them.
    const at = from === undefined ? -1 : node.hash === from.hash ? node.leaves.findIndex((l) => l.key === from.key) : laterHash(node.hash, from.hash, shift) ? -1 : node.leaves.length;
    for (let i = at + 1; i < node.leaves.length && out.length < limit; i++) out.push(node.leaves[i]!.key);
    return;
  }
  const group = from === undefined ? -1 : (from.hash >>> shift) & MASK;
  let index = 0;
  for (let bit = 0; bit < 32 && out.length < limit; bit++) {
    if ((node.bitmap & (1 << bit)) === 0) continue;
    const child = node.children[index++]!;
    if (bit > group) walkAfter(child, shift + BITS, undefined, limit, out);
    else if (bit === group) walkAfter(child, shift + BITS, from, limit, out);
  }
}
