import { EMPTY, map, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { EventLog } from './log/event-log.js';

/** [RETENTION] What the archive keeps: messages younger than `olderThanMs`, the newest `keepPerRoom` per room. */
export interface RetentionPolicy {
  readonly olderThanMs?: number;
  readonly keepPerRoom?: number;
}

/**
 * [RETENTION] Prunes the archive at once and then every `periodMs`, emitting how many messages
 * each pass removed. Emits nothing and completes at once when the policy keeps everything.
 * Never completes otherwise: unsubscribe to stop. Errors if the log fails to prune.
 */
export function retention$(log: EventLog, policy: RetentionPolicy, periodMs: number, now: () => number, scheduler?: SchedulerLike): Observable<number> {
  if (policy.olderThanMs === undefined && policy.keepPerRoom === undefined) return EMPTY;
  return timer(0, periodMs, scheduler).pipe(
    map(() => log.prune({
      ...(policy.olderThanMs === undefined ? {} : { olderThan: now() - policy.olderThanMs }),
      ...(policy.keepPerRoom === undefined ? {} : { keepPerRoom: policy.keepPerRoom }),
    })),
  );
}
