import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Effect } from '../src/effects.js';
import type { Step } from '../src/room-reducer.js';
import type { RoomState } from '../src/room-state.js';
import { createPresenceBuffer, type PresenceBuffer } from './presence-buffer.js';

export interface CoalescePresenceOptions {
  /** [PRESENCE-WINDOW] How long a room must be quiet for its window to end (and its shortest spacing), in ms. */
  readonly windowMs: number;
  /** [PRESENCE-LIMIT] Rooms larger than this get `quiet` presence frames. */
  readonly limit: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * [PRESENCE] Coalesces the reducer's `presence` effects: each room's joins and leaves wait until
 * its window ends ([PRESENCE-WINDOW]: the room quiet for `windowMs`, or the window at its longest
 * in a storm, and never sooner than a spacing after the room was last told, longer for bigger
 * rooms: [PRESENCE-WINDOW-SCALE]), then its members are told in one
 * frame (`presence`, or `joined`/`left` for a lone change). [PRESENCE-ORDER] A room's untold
 * changes go out before any other broadcast to that room, and everyone's before a multicast (a
 * rename), so nobody reads a message from someone before their join, nor a leave after their
 * later words. Steps without presence pass through as they are; a timer's flush is a step of its
 * own with the latest state. Completes after flushing what is left when the source completes;
 * errors as the source does (untold changes are dropped); unsubscribing cancels the timer.
 */
export function coalescePresence(options: CoalescePresenceOptions): MonoTypeOperatorFunction<Step> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) => new Observable<Step>((subscriber) => {
    const buffer = createPresenceBuffer(options.limit, options.windowMs);
    let latest: RoomState | undefined;
    let timer: Subscription | undefined;
    let timerDue = Infinity;

    const arm = () => {
      const due = buffer.nextDue();
      if (due === undefined || due >= timerDue) return;
      timer?.unsubscribe();
      timerDue = due;
      timer = scheduler.schedule(fire, Math.max(0, due - scheduler.now()));
    };
    const fire = () => {
      timer = undefined;
      timerDue = Infinity;
      if (latest !== undefined) {
        const effects = buffer.takeDue(latest, scheduler.now());
        if (effects.length > 0) subscriber.next({ state: latest, effects });
      }
      arm();
    };
    const subscription = source.subscribe({
      next(step) {
        latest = step.state;
        if (buffer.size === 0 && !step.effects.some((e) => e.type === 'presence')) {
          subscriber.next(step);
          return;
        }
        const effects = reorder(step, buffer, scheduler.now());
        arm();
        subscriber.next(effects === step.effects ? step : { state: step.state, effects });
      },
      error: (error: unknown) => subscriber.error(error),
      complete() {
        timer?.unsubscribe();
        const effects = latest === undefined ? [] : buffer.takeDue(latest, scheduler.now(), Infinity);
        if (effects.length > 0) subscriber.next({ state: latest!, effects });
        subscriber.complete();
      },
    });
    return () => {
      timer?.unsubscribe();
      subscription.unsubscribe();
    };
  });
}

/** A step's effects with its presence taken into the buffer and untold changes flushed before other traffic to their rooms. */
function reorder(step: Step, buffer: PresenceBuffer, now: number): readonly Effect[] {
  const out: Effect[] = [];
  for (const effect of step.effects) {
    if (effect.type === 'presence') {
      buffer.add(effect, now, step.state.rooms.get(effect.room)?.members.size ?? 0);
      continue;
    }
    if (effect.type === 'broadcast' && buffer.has(effect.room)) out.push(...buffer.take(step.state, effect.room, now));
    else if (effect.type === 'multicast' && buffer.size > 0) out.push(...buffer.takeDue(step.state, now, Infinity));
    out.push(effect);
  }
  return out;
}
