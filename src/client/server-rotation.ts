/**
 * [SERVER-FAILOVER] Which server a client tries next, as plain data. The servers of a list are
 * tried in rounds: after a failed attempt or a drop the client goes on to the next server (round
 * robin from the one that failed) at once, give or take a short jitter; only when every server
 * of the list has failed in a row does it wait, with the exponential, jittered backoff of
 * [TUI-BACKOFF] counted in rounds. With one server every failure ends a round, so a lone
 * server is retried exactly as before the list existed.
 */
export interface ServerRotation {
  /** How many servers the list holds (at least 1). */
  readonly count: number;
  /** The index of the server the current (or next) attempt uses. */
  readonly current: number;
  /** Failures in a row in this round; a round is over when it reaches `count`. */
  readonly failedInRound: number;
  /** Rounds over since the last success: the backoff's attempt number. */
  readonly rounds: number;
  /** Failures since the last success, all servers counted. */
  readonly failures: number;
}

/** The wait before the next attempt: a quick hop to the next server, or a backoff after round `round`. */
export type RotationWait = { readonly kind: 'hop' } | { readonly kind: 'backoff'; readonly round: number };

/** The rotation before any attempt: server `start` first. */
export function initialRotation(count: number, start = 0): ServerRotation {
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`a server rotation needs at least one server, got ${count}`);
  if (!Number.isInteger(start) || start < 0 || start >= count) throw new TypeError(`the first server must be an index below ${count}, got ${start}`);
  return { count, current: start, failedInRound: 0, rounds: 0, failures: 0 };
}

/** The current server works: counts start again, and the next failure moves on from it. */
export function rotationConnected(rotation: ServerRotation): ServerRotation {
  if (rotation.failedInRound === 0 && rotation.rounds === 0 && rotation.failures === 0) return rotation;
  return { ...rotation, failedInRound: 0, rounds: 0, failures: 0 };
}

/**
 * The current server failed (refused, unreachable) or dropped: the next one in the list is
 * tried, after a hop while the round still has untried servers, after a backoff when it is over.
 */
export function rotationFailed(rotation: ServerRotation): { readonly rotation: ServerRotation; readonly wait: RotationWait } {
  const current = (rotation.current + 1) % rotation.count;
  const failures = rotation.failures + 1;
  const failedInRound = rotation.failedInRound + 1;
  if (failedInRound < rotation.count) return { rotation: { ...rotation, current, failedInRound, failures }, wait: { kind: 'hop' } };
  const rounds = rotation.rounds + 1;
  return { rotation: { ...rotation, current, failedInRound: 0, rounds, failures }, wait: { kind: 'backoff', round: rounds } };
}
