import { asyncScheduler, distinctUntilChanged, throttleTime, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';

/**
 * [TUI-THROTTLE] Coalesces a burst of states into at most one render per `intervalMs`: the
 * first state of a burst goes through at once, the newest one at the end of the interval, so
 * the screen always ends on the latest state while a flood of messages costs a few renders.
 * Repeated references (nothing changed) are dropped. Completes and errors with the source.
 */
export function coalesceRenders<T>(intervalMs: number, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  return (source) => source.pipe(
    distinctUntilChanged(),
    throttleTime(intervalMs, scheduler, { leading: true, trailing: true }),
  );
}
