import { describe, expect, test } from 'vitest';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** The test helper the reducer properties rely on: it must make every mutation throw, and copies work. */
describe('deepFreeze (test helper)', () => {
  test('objects, arrays, Maps and Sets, however deep, refuse mutation; copies of them do not', () => {
    const value = deepFreeze({ a: [{ b: 1 }], m: new Map([[1, { c: new Set([2]) }]]), s: new Set([{ d: 3 }]) });
    expect(() => ((value as { a: unknown }).a = [])).toThrow(TypeError);
    expect(() => (value.a as { b: number }[]).push({ b: 2 })).toThrow(TypeError);
    expect(() => ((value.a[0] as { b: number }).b = 2)).toThrow(TypeError);
    expect(() => value.m.set(2, { c: new Set() })).toThrow(/frozen Map: set/);
    expect(() => value.m.delete(1)).toThrow(/frozen Map: delete/);
    expect(() => value.m.clear()).toThrow(/frozen Map: clear/);
    expect(() => value.m.get(1)!.c.add(3)).toThrow(/frozen Set: add/);
    expect(() => value.s.delete([...value.s][0]!)).toThrow(/frozen Set: delete/);
    expect(() => (([...value.s][0] as { d: number }).d = 4)).toThrow(TypeError);
    expect(new Map(value.m).set(2, { c: new Set() }).size).toBe(2);
    expect(new Set(value.s).add({ d: 5 }).size).toBe(2);
    expect(value.m.get(1)!.c.has(2)).toBe(true);
  });

  test('freezing twice, or values shared between states, is harmless; typed arrays are left alone', () => {
    const shared = new Map([[1, 'x']]);
    deepFreeze({ one: shared });
    expect(() => deepFreeze({ two: shared })).not.toThrow();
    const bytes = deepFreeze({ b: new Uint8Array([1, 2]) });
    expect(bytes.b[0]).toBe(1);
  });
});
