import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { PersistentMap } from '../../src/persistent-map.js';
import { hashName, hashNamed, smallKey, sorted } from '../helpers/colliding-hashes.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

// Small key spaces force collisions of hash prefixes; strings and numbers both occur in the state.
const key = fc.oneof(fc.integer({ min: -50, max: 5000 }), fc.string({ maxLength: 4 }));
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
);

describe('PersistentMap', () => {
  test.prop([fc.array(op, { maxLength: 300 })])('behaves like a Map, and older versions never change', (ops) => {
    const model = new Map<string | number, number>();
    let map = PersistentMap.empty<string | number, number>();
    const versions: [PersistentMap<string | number, number>, [string | number, number][]][] = [];
    for (const o of ops) {
      if (o.kind === 'set') {
        model.set(o.key, o.value);
        map = map.set(o.key, o.value);
      } else {
        model.delete(o.key);
        map = map.delete(o.key);
      }
      versions.push([map, [...model.entries()]]);
    }
    expect(map.size).toBe(model.size);
    for (const [k, v] of model) expect(map.get(k)).toBe(v);
    const sortKey = (e: [string | number, number]) => `${typeof e[0]}:${e[0]}`;
    for (const [version, entries] of versions) {
      expect([...version.entries()].map(sortKey).sort()).toEqual(entries.map(sortKey).sort());
      expect(version.size).toBe(entries.length);
    }
  });

  test.prop([fc.uniqueArray(fc.integer({ min: 0, max: 100000 }), { maxLength: 200 })])('has and get agree for present and absent keys', (keys) => {
    const map = PersistentMap.of(keys.map((k) => [k, `v${k}`] as const));
    for (const k of keys) expect(map.has(k) && map.get(k) === `v${k}`).toBe(true);
    expect(map.has(-1)).toBe(false);
    expect(map.get(-1)).toBeUndefined();
  });

  test('set of the same value and delete of an absent key return the same map', () => {
    const map = PersistentMap.of([[1, 'a'] as const]);
    expect(map.set(1, 'a')).toBe(map);
    expect(map.delete(2 as 1)).toBe(map);
    expect(JSON.stringify(map)).toBe('[[1,"a"]]');
  });
});

const mapOp = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: smallKey, value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: smallKey }),
  fc.record({ kind: fc.constant('get' as const), key: smallKey }),
);

describe('PersistentMap with colliding hashes, against a Map', () => {
  test.prop([hashName, fc.array(mapOp, { maxLength: 200 })])('sets, deletes, gets, iteration, size, and the same map when unchanged', (name, ops) => {
    const model = new Map<string | number, number>();
    let map = deepFreeze(PersistentMap.empty<string | number, number>(hashNamed(name)));
    const versions: [PersistentMap<string | number, number>, string[]][] = [];
    for (const o of ops) {
      if (o.kind === 'get') {
        expect(map.get(o.key)).toBe(model.get(o.key));
        expect(map.has(o.key)).toBe(model.has(o.key));
        continue;
      }
      const unchanged = o.kind === 'set' ? model.get(o.key) === o.value && model.has(o.key) : !model.has(o.key);
      const next = deepFreeze(o.kind === 'set' ? map.set(o.key, o.value) : map.delete(o.key));
      if (o.kind === 'set') model.set(o.key, o.value);
      else model.delete(o.key);
      // Same reference exactly when nothing changed: the reducer's "nothing happened" test.
      expect(next === map).toBe(unchanged);
      map = next;
      expect(map.size).toBe(model.size);
      versions.push([map, sorted(model.entries())]);
    }
    for (const [k, v] of model) expect(map.get(k)).toBe(v);
    expect(sorted(map.entries())).toEqual(sorted(model.entries()));
    expect(sorted(map.keys())).toEqual(sorted(model.keys()));
    expect(sorted(map.values())).toEqual(sorted(model.values()));
    expect(sorted(JSON.parse(JSON.stringify(map)) as unknown[])).toEqual(sorted(model.entries()));
    for (const [version, entries] of versions) {
      expect(sorted(version)).toEqual(entries);
      expect(version.size).toBe(entries.length);
    }
  });

  test('the collision branch is really taken: one hash for every key still finds each', () => {
    const keys = ['a', 'b', 1, 2, 'c'] as const;
    let map = PersistentMap.of(keys.map((k, i) => [k, i] as const), () => 42);
    expect(keys.map((k) => map.get(k))).toEqual([0, 1, 2, 3, 4]);
    map = map.delete('b').delete(1).delete('a').delete(2);
    expect([...map]).toEqual([['c', 4]]);
    expect(map.get('a')).toBeUndefined();
  });
});

describe('PersistentMap with the default hash and [BOOT] connection ids (boot * 2**32 + n)', () => {
  const bootId = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([boot, n]) => boot * 2 ** 32 + n);
  test.prop([fc.array(fc.tuple(fc.boolean(), bootId), { maxLength: 300 })])('sets and deletes agree with a Map', (ops) => {
    const model = new Map<number, number>();
    let map = PersistentMap.empty<number, number>();
    ops.forEach(([set, key], i) => {
      if (set) {
        model.set(key, i);
        map = map.set(key, i);
      } else {
        model.delete(key);
        map = map.delete(key);
      }
    });
    expect(map.size).toBe(model.size);
    for (const [k, v] of model) expect(map.get(k)).toBe(v);
    expect(sorted(map)).toEqual(sorted(model));
  });
});

