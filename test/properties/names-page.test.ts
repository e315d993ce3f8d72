import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseCursor, selectMembersPage } from '../../src/names-page.js';
import { PersistentSet } from '../../src/persistent-set.js';

const ids = fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 400 });
const churn = fc.array(fc.record({ add: fc.boolean(), id: fc.integer({ min: 1, max: 100_000 }) }), { maxLength: 20 });

/** Walks every page of a set, changing it by `changes[i]` before page i+1. */
function walk(start: PersistentSet<number>, size: number, changes: readonly (readonly { add: boolean; id: number }[])[]) {
  let set = start;
  const seen: number[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const got = selectMembersPage(set, after, size);
    expect(got.ids.length).toBeLessThanOrEqual(size);
    seen.push(...got.ids);
    if (got.next === undefined) return { seen, end: set };
    expect(parseCursor(got.next)).toBe(got.ids[got.ids.length - 1]);
    after = got.next;
    for (const c of changes[page] ?? []) set = c.add ? set.add(c.id) : set.delete(c.id);
  }
  throw new Error('the walk did not end');
}

describe('[NAMES-PAGE] paging a member set', () => {
  test.prop([ids, fc.integer({ min: 1, max: 50 })])('pages of an unchanged set are the whole set in its order, each member once', (list, size) => {
    const set = PersistentSet.of(list);
    const { seen } = walk(set, size, []);
    expect(seen).toEqual([...set]);
  });

  test.prop([ids, fc.integer({ min: 1, max: 30 }), fc.array(churn, { maxLength: 20 })])(
    'while members come and go (the cursor\'s own member too), whoever stays throughout is listed exactly once',
    (list, size, changes) => {
      const set = PersistentSet.of(list);
      const { seen, end } = walk(set, size, changes);
      const touched = new Set(changes.flat().map((c) => c.id));
      const stayed = list.filter((id) => !touched.has(id) && end.has(id));
      for (const id of stayed) expect(seen.filter((s) => s === id)).toHaveLength(1);
      expect(new Set(seen).size).toBe(seen.length);
    },
  );

  test.prop([fc.string({ maxLength: 20 })])('a cursor is decimal digits only', (text) => {
    expect(parseCursor(text) !== undefined).toBe(/^[0-9]{1,15}$/.test(text));
  });
});
