import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkStreamId, compareStreamIds, parseStreamId } from '../../streams/cluster/stream-id.js';

// [CLUSTER-BUS] Stream ids compare as two unsigned 64-bit numbers, never as text.
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('stream ids', () => {
  test.prop([u64, u64, u64, u64])('compare as (ms, n) pairs', (am, an, bm, bn) => {
    const expected = am === bm ? Math.sign(Number(an - bn)) : am < bm ? -1 : 1;
    expect(compareStreamIds(`${am}-${an}`, `${bm}-${bn}`)).toBe(expected);
  });

  test.prop([u64, u64])('parse back to their parts', (ms, n) => {
    expect(parseStreamId(`${ms}-${n}`)).toEqual([ms, n]);
  });

  it("takes '0' and a bare ms as n = 0, and refuses what is not an id", () => {
    expect(parseStreamId('0')).toEqual([0n, 0n]);
    expect(compareStreamIds('5', '5-0')).toBe(0);
    for (const bad of ['', '-', '1-', '-1', '1-2-3', 'a-1', '18446744073709551616-0', ' 1-0', '+', '$']) expect(parseStreamId(bad)).toBeNull();
    expect(() => checkStreamId('$', 'afterId')).toThrow(/afterId must be a Redis Stream id/);
  });
});
