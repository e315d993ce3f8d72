/**
 * [FLOOD] A token bucket per connection: `burst` frames at once, refilled at `ratePerSec`.
 * Pure: the time comes from the event. A rate of 0 turns flood control off.
 */
export interface Bucket {
  readonly tokens: number;
  readonly at: number;
  /** Frames refused in a row; reset by the next frame allowed. */
  readonly strikes: number;
}

export interface FloodRule {
  readonly burst: number;
  readonly ratePerSec: number;
}

export type Take =
  | { readonly allowed: true; readonly bucket: Bucket }
  | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterMs: number };

/** A full bucket, as a connection starts with. */
export const fullBucket = (rule: FloodRule, at: number): Bucket => ({ tokens: rule.burst, at, strikes: 0 });

/** Takes one token at time `now`, or says how long until one is there. */
export function takeToken(bucket: Bucket, now: number, rule: FloodRule): Take {
  if (rule.ratePerSec <= 0) return { allowed: true, bucket };
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(rule.burst, bucket.tokens + (elapsed * rule.ratePerSec) / 1000);
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, at: now, strikes: 0 } };
  const retryAfterMs = Math.ceil(((1 - tokens) * 1000) / rule.ratePerSec);
  return { allowed: false, bucket: { tokens, at: now, strikes: bucket.strikes + 1 }, retryAfterMs };
}
