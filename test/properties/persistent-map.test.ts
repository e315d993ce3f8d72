import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { PersistentMap } from '../../src/persistent-map.js';

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
