import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { PersistentSet } from '../../src/persistent-set.js';
import { hashName, hashNamed, smallKey, sorted } from '../helpers/colliding-hashes.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

const setOp = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key: smallKey }),
  fc.record({ kind: fc.constant('delete' as const), key: smallKey }),
  fc.record({ kind: fc.constant('has' as const), key: smallKey }),
);

describe('PersistentSet with colliding hashes, against a Set', () => {
  test.prop([hashName, fc.array(setOp, { maxLength: 200 })])('adds, deletes, has, iteration, size, and the same set when unchanged', (name, ops) => {
    const model = new Set<string | number>();
    let set = deepFreeze(PersistentSet.empty<string | number>(hashNamed(name)));
    const versions: [PersistentSet<string | number>, string[]][] = [];
    for (const o of ops) {
      if (o.kind === 'has') {
        expect(set.has(o.key)).toBe(model.has(o.key));
        continue;
      }
      const unchanged = o.kind === 'add' ? model.has(o.key) : !model.has(o.key);
      const next = deepFreeze(o.kind === 'add' ? set.add(o.key) : set.delete(o.key));
      if (o.kind === 'add') model.add(o.key);
      else model.delete(o.key);
      expect(next === set).toBe(unchanged);
      set = next;
      expect(set.size).toBe(model.size);
      versions.push([set, sorted(model)]);
    }
    expect(sorted(set)).toEqual(sorted(model));
    expect(sorted(set.entries())).toEqual(sorted(model.entries()));
    const seen: (string | number)[] = [];
    set.forEach((v, k) => seen.push(v === k ? v : NaN));
    expect(sorted(seen)).toEqual(sorted(model));
    expect(sorted(JSON.parse(JSON.stringify(set)) as unknown[])).toEqual(sorted(model));
    for (const [version, items] of versions) expect(sorted(version)).toEqual(items);
  });
});
