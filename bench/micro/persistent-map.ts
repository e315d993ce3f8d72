/**
 * Cost of `set` (insert), `get` (hit) and `delete` on our persistent map at 10,000 and 100,000
 * keys, integer keys (connection ids) and string keys (nicknames); or on immutable.js's `Map` when
 * a path to its ES module is given (it is not a dependency; install it anywhere). One map per
 * process: in one heap, the first one's garbage slowed the second by up to 2x at 100,000 keys.
 *   npm run build && node dist/bench/micro/persistent-map.js [/path/to/immutable/dist/immutable.es.js]
 * Figures are in docs/benchmarks.md.
 */
import { PersistentMap } from '../../src/persistent-map.js';
import { ns, nsPerOp, type Timing } from './time-per-op.js';

type Key = string | number;

/** The operations timed, over any persistent map. */
interface Contender {
  readonly name: string;
  empty(): unknown;
  set(map: unknown, key: Key, value: number): unknown;
  get(map: unknown, key: Key): unknown;
  delete(map: unknown, key: Key): unknown;
}

const ours: Contender = {
  name: 'PersistentMap',
  empty: () => PersistentMap.empty<Key, number>(),
  set: (m, k, v) => (m as PersistentMap<Key, number>).set(k, v),
  get: (m, k) => (m as PersistentMap<Key, number>).get(k),
  delete: (m, k) => (m as PersistentMap<Key, number>).delete(k),
};

interface ImmutableMap {
  set(k: Key, v: number): ImmutableMap;
  get(k: Key): unknown;
  delete(k: Key): ImmutableMap;
}

async function immutableJs(path: string): Promise<Contender> {
  const { Map } = (await import(path)) as { Map: () => ImmutableMap };
  return {
    name: 'immutable.js Map',
    empty: () => Map(),
    set: (m, k, v) => (m as ImmutableMap).set(k, v),
    get: (m, k) => (m as ImmutableMap).get(k),
    delete: (m, k) => (m as ImmutableMap).delete(k),
  };
}

function measure(c: Contender, keys: readonly Key[]): { set: Timing; get: Timing; del: Timing } {
  let full: unknown = c.empty();
  for (const k of keys) full = c.set(full, k, 1);
  let sink = 0;
  const set = nsPerOp(keys.length, () => {
    let m = c.empty();
    for (let i = 0; i < keys.length; i++) m = c.set(m, keys[i]!, i);
  });
  const get = nsPerOp(keys.length, () => {
    for (let i = 0; i < keys.length; i++) if (c.get(full, keys[i]!) !== undefined) sink++;
  });
  const del = nsPerOp(keys.length, () => {
    let m = full;
    for (let i = 0; i < keys.length; i++) m = c.delete(m, keys[i]!);
  });
  if (sink === 0) throw new Error('benchmark found nothing');
  return { set, get, del };
}

const contender = process.argv[2] ? await immutableJs(process.argv[2]) : ours;
console.log('map | keys | kind | set ns/op | get ns/op | delete ns/op (median (best) of 7 rounds)');
for (const n of [10_000, 100_000]) {
  const kinds: [string, Key[]][] = [
    ['integer', Array.from({ length: n }, (_, i) => i + 1)],
    ['string', Array.from({ length: n }, (_, i) => `nick${i}`)],
  ];
  for (const [kind, keys] of kinds) {
    const r = measure(contender, keys);
    console.log(`${contender.name} | ${n} | ${kind} | ${ns(r.set)} | ${ns(r.get)} | ${ns(r.del)}`);
  }
}
