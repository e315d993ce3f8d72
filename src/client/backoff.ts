/**
 * [TUI-BACKOFF] Reconnect delays: exponential from `baseMs`, doubled each failed attempt up to
 * `maxMs`, with "equal jitter" (half fixed, half random) so clients dropped together by a server
 * restart do not all come back in the same millisecond.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Half a second first, never more than 30 s. */
export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * The delay before attempt `attempt` (1 for the first retry), given `random` in [0, 1).
 * Always within [ceiling / 2, ceiling], where ceiling = min(maxMs, baseMs * 2^(attempt - 1)).
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = defaultBackoff): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new TypeError(`backoffDelay needs an attempt >= 1, got ${attempt}`);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  const jitter = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

/**
 * [SERVER-FAILOVER] The wait before trying the next server of a list while the round still has
 * untried ones: uniform in [0, baseMs / 2], given `random` in [0, 1), so the clients of a server
 * that went down reach the next one spread over a quarter second rather than all at once.
 */
export function hopDelay(random: number, policy: BackoffPolicy = defaultBackoff): number {
  const jitter = Math.min(Math.max(random, 0), 1);
  return Math.round((policy.baseMs / 2) * jitter);
}
