import { asyncScheduler, catchError, concatWith, defer, of, repeat, tap, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';

/** The schedule and the values `reconnectWithBackoff` reports with. */
export interface ReconnectOptions<T> {
  /** The delay before retry number `attempt` (1 for the first retry after a failure or a drop). */
  readonly delayFor: (attempt: number) => number;
  /** Values that prove the connection works: seeing one starts the attempt count again. */
  readonly isConnected: (value: T) => boolean;
  /** The value announcing the wait before retry `attempt`. */
  readonly onRetry: (attempt: number, delayMs: number) => T;
  /** The value that stands for an error of the source (for example, connection refused). */
  readonly onError: (error: unknown) => T;
  readonly scheduler?: SchedulerLike;
}

/**
 * [TUI-RECONNECT] Keeps a connection alive by resubscribing: when the source completes (the
 * connection dropped) or errors (it could not be made), emits `onRetry(attempt, delay)`, waits
 * `delayFor(attempt)` on the scheduler and subscribes again, forever. The attempt count restarts
 * after each value `isConnected` accepts. Never completes or errors by itself; unsubscribing
 * tears down the current connection or the pending wait.
 */
export function reconnectWithBackoff<T>(options: ReconnectOptions<T>): MonoTypeOperatorFunction<T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) => defer(() => {
    let attempt = 0;
    let delay = 0;
    return source.pipe(
      tap((value) => {
        if (options.isConnected(value)) attempt = 0;
      }),
      catchError((error: unknown) => of(options.onError(error))),
      concatWith(defer(() => {
        attempt += 1;
        delay = options.delayFor(attempt);
        return of(options.onRetry(attempt, delay));
      })),
      repeat({ delay: () => timer(delay, scheduler) }),
    );
  });
}
