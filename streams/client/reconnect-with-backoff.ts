import { asyncScheduler, catchError, concatWith, defer, of, repeat, tap, timer, type Observable, type SchedulerLike } from 'rxjs';
import { initialRotation, rotationConnected, rotationFailed, type RotationWait, type ServerRotation } from '../../src/client/server-rotation.js';

/** What ended an attempt that could not connect: which server, and whether it was the last untried one of its round. */
export interface AttemptFailure {
  /** The index of the server that failed. */
  readonly server: number;
  /** [SERVER-FAILOVER] Every server of the list has now failed in a row: a backoff comes next. */
  readonly roundOver: boolean;
}

/** The schedule and the values `reconnectWithBackoff` reports with. */
export interface ReconnectOptions<T> {
  /** How many servers `connect` can reach (indices 0 to servers - 1); 1 when absent. */
  readonly servers?: number;
  /** The delay of a wait: a hop to the next server of a round, or the backoff after round `round` (1 first). */
  readonly delayFor: (wait: RotationWait) => number;
  /** Values that prove the connection works: seeing one starts the counts again. */
  readonly isConnected: (value: T) => boolean;
  /** The value announcing the wait before retry `attempt` (failures since the last success), on server `server`. */
  readonly onRetry: (attempt: number, delayMs: number, server: number) => T;
  /** The value that stands for an error of an attempt (for example, connection refused). */
  readonly onError: (error: unknown, failure: AttemptFailure) => T;
  readonly scheduler?: SchedulerLike;
}

/**
 * [TUI-RECONNECT] [SERVER-FAILOVER] Keeps a connection alive across a list of servers: subscribes
 * to `connect(server)`, and when that completes (the connection dropped) or errors (it could not
 * be made), emits `onRetry(attempt, delay, next)`, waits and subscribes to the next server, forever.
 * Which server and how long to wait is the pure `ServerRotation` (src/client/server-rotation.ts):
 * round robin from the server that failed, a hop within a round, a backoff between rounds. The
 * counts restart after each value `isConnected` accepts. Never completes or errors by itself;
 * unsubscribing tears down the current connection or the pending wait.
 */
export function reconnectWithBackoff<T>(connect: (server: number) => Observable<T>, options: ReconnectOptions<T>): Observable<T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return defer(() => {
    let rotation: ServerRotation = initialRotation(options.servers ?? 1);
    let delay = 0;
    const fail = (): RotationWait => {
      const step = rotationFailed(rotation);
      rotation = step.rotation;
      delay = options.delayFor(step.wait);
      return step.wait;
    };
    const attempt$ = defer(() => {
      const server = rotation.current;
      let failed = false;
      return connect(server).pipe(
        tap((value) => {
          if (options.isConnected(value)) rotation = rotationConnected(rotation);
        }),
        catchError((error: unknown) => {
          failed = true;
          return of(options.onError(error, { server, roundOver: fail().kind === 'backoff' }));
        }),
        concatWith(defer(() => {
          if (!failed) fail();
          return of(options.onRetry(rotation.failures, delay, rotation.current));
        })),
      );
    });
    return attempt$.pipe(repeat({ delay: () => timer(delay, scheduler) }));
  });
}
