import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fullBucket, takeToken, type Bucket } from '../../src/token-bucket.js';

const rule = fc.record({ burst: fc.integer({ min: 1, max: 20 }), ratePerSec: fc.integer({ min: 1, max: 50 }) });
const gaps = fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 200 });

describe('[FLOOD] token bucket', () => {
  test.prop([rule, gaps])('never allows more than burst + rate x elapsed frames', (r, steps) => {
    let bucket: Bucket = fullBucket(r, 0);
    let now = 0;
    let allowed = 0;
    for (const gap of steps) {
      now += gap;
      const take = takeToken(bucket, now, r);
      bucket = take.bucket;
      if (take.allowed) allowed++;
      expect(allowed).toBeLessThanOrEqual(r.burst + (now * r.ratePerSec) / 1000 + 1e-9);
    }
  });

  test.prop([rule])('a burst is allowed at once, the next frame is refused with a retry time that then works', (r) => {
    let bucket = fullBucket(r, 1000);
    for (let i = 0; i < r.burst; i++) {
      const take = takeToken(bucket, 1000, r);
      expect(take.allowed).toBe(true);
      bucket = take.bucket;
    }
    const refused = takeToken(bucket, 1000, r);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.bucket.strikes).toBe(1);
    expect(takeToken(refused.bucket, 1000 + refused.retryAfterMs, r).allowed).toBe(true);
  });

  test('a rate of 0 turns flood control off', () => {
    let bucket = fullBucket({ burst: 1, ratePerSec: 0 }, 0);
    for (let i = 0; i < 100; i++) {
      const take = takeToken(bucket, 0, { burst: 1, ratePerSec: 0 });
      expect(take.allowed).toBe(true);
      bucket = take.bucket;
    }
  });
});
