import {
  asyncScheduler, concat, defer, endWith, ignoreElements, map, share, startWith, switchMap, takeUntil, timer,
  type OperatorFunction, type SchedulerLike,
} from 'rxjs';

/** What an idle watch says: time to ask the peer if it is there, or it did not answer in time. */
export type IdleSignal = 'ping' | 'timeout';

/**
 * [IDLE] Watches a stream of activity: after `idleMs` without a value it emits `ping`; after
 * `graceMs` more it emits `timeout`. Any value starts the count again. Completes with the source
 * (dropping any pending count), errors with it.
 */
export function watchIdle<T>(idleMs: number, graceMs: number, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<T, IdleSignal> {
  return (source) =>
    defer(() => {
      const activity$ = source.pipe(share());
      const ended$ = activity$.pipe(ignoreElements(), endWith(true));
      return activity$.pipe(
        startWith(undefined),
        switchMap(() => concat(
          timer(idleMs, scheduler).pipe(map((): IdleSignal => 'ping')),
          timer(graceMs, scheduler).pipe(map((): IdleSignal => 'timeout')),
        )),
        takeUntil(ended$),
      );
    });
}
