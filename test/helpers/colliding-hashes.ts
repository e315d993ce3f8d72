import { fc } from '@fast-check/vitest';
import type { KeyHash } from '../../src/persistent-map.js';

/** A plain hash of either kind of key, for the colliding hashes to cut down. */
const spread = (k: string | number): number => {
  if (typeof k === 'number') return k | 0;
  let h = 7;
  for (let i = 0; i < k.length; i++) h = Math.imul(h, 31) + k.charCodeAt(i);
  return h | 0;
};

/**
 * Hashes that make many keys collide, through the `hash` seam of `PersistentMap.empty`: the
 * default hash is one to one on integers below 2**32 and collisions of strings are rare, so
 * without these the collision nodes (same full hash) and the deep branches (hashes that agree on
 * their low bits) would never be built; connection ids past 2**32 ([BOOT]) can collide for real.
 */
export const collidingHashes: Record<string, KeyHash<string | number>> = {
  'all one hash': () => 0,
  'two hashes': (k) => spread(k) & 1,
  'four hashes, equal but for the top two bits (six levels deep)': (k) => (spread(k) & 3) << 30,
  'eight hashes sharing the low 20 bits': (k) => ((spread(k) & 7) << 20) | 0xabcde,
  'low five bits only': (k) => spread(k) & 31,
  'thirty-two hashes spread over every level': (k) => Math.imul(spread(k) & 31, 0x8421_0843) | 0,
};

/** The name of one of {@link collidingHashes}. */
export const hashName = fc.constantFrom(...Object.keys(collidingHashes));
/** Few keys, of both kinds the state uses, so that sets and deletes meet. */
export const smallKey = fc.oneof(fc.integer({ min: -20, max: 60 }), fc.string({ maxLength: 2 }));
/** Items in a canonical order, to compare a hash-ordered iteration with a model's. */
export const sorted = <T>(items: Iterable<T>) => [...items].map((x) => JSON.stringify(x)).sort();

/** The colliding hash called `name`; never undefined, which would quietly mean the default hash. */
export function hashNamed(name: string): KeyHash<string | number> {
  const hash = collidingHashes[name];
  if (!hash) throw new TypeError(`no colliding hash is called "${name}"`);
  return hash;
}
