import { PersistentMap, type KeyHash } from './persistent-map.js';

/** An immutable set with structural sharing, over `PersistentMap`; reads follow `ReadonlySet`. */
export class PersistentSet<K extends string | number> implements ReadonlySet<K> {
  /** An empty set; `hash` is the test seam of {@link PersistentMap.empty}. */
  static empty<K extends string | number>(hash?: KeyHash<K>): PersistentSet<K> {
    return new PersistentSet<K>(PersistentMap.empty(hash));
  }

  static of<K extends string | number>(items: Iterable<K>, hash?: KeyHash<K>): PersistentSet<K> {
    let set = PersistentSet.empty<K>(hash);
    for (const item of items) set = set.add(item);
    return set;
  }

  private constructor(private readonly map: PersistentMap<K, true>) {
    Object.freeze(this);
  }

  get size(): number {
    return this.map.size;
  }

  has(item: K): boolean {
    return this.map.has(item);
  }

  add(item: K): PersistentSet<K> {
    const map = this.map.set(item, true);
    return map === this.map ? this : new PersistentSet(map);
  }

  delete(item: K): PersistentSet<K> {
    const map = this.map.delete(item);
    return map === this.map ? this : new PersistentSet(map);
  }

  /** Up to `limit` items in iteration order after `after`'s place in it (see `PersistentMap.keysAfter`). */
  valuesAfter(after: K | undefined, limit: number): K[] {
    return this.map.keysAfter(after, limit);
  }

  values(): SetIterator<K> {
    return this.map.keys() as unknown as SetIterator<K>;
  }

  keys(): SetIterator<K> {
    return this.values();
  }

  entries(): SetIterator<[K, K]> {
    return [...this.values()].map((k) => [k, k] as [K, K])[Symbol.iterator]() as unknown as SetIterator<[K, K]>;
  }

  [Symbol.iterator](): SetIterator<K> {
    return this.values();
  }

  forEach(fn: (value: K, key: K, set: ReadonlySet<K>) => void): void {
    for (const k of this.values()) fn(k, k, this);
  }

  toJSON(): K[] {
    return [...this.values()];
  }
}
