import { defer, EMPTY, ignoreElements, interval, map, merge, mergeMap, of, scan, startWith, Subject, takeWhile, tap, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { ClientEffect, ClientStep } from '../../src/client/client-effect.js';
import type { ClientEvent, UnstampedEvent } from '../../src/client/client-event.js';
import { reduceClient } from '../../src/client/client-reducer.js';
import type { ClientState } from '../../src/client/client-state.js';
import type { ClientFrame } from '../../src/protocol.js';
import { clientConnection$, type ClientConnectionOptions } from './client-connection.js';

/** The drivers and clocks `chatClient$` runs on; all injectable for tests. */
export interface ChatClientSources extends Omit<ClientConnectionOptions, 'scheduler'> {
  /** What the view produces: keys, the wheel, resizes. */
  readonly view$: Observable<UnstampedEvent>;
  /** The clock of every timer and of the events' `at`. */
  readonly scheduler: SchedulerLike;
  readonly pingEveryMs: number;
}

/** What the program carries out: draw a state, ring the bell, exit. */
export type ChatClientOutput =
  | { readonly type: 'state'; readonly state: ClientState }
  | Extract<ClientEffect, { type: 'bell' | 'exit' }>;

/**
 * [TUI-STORE] The terminal client as one stream: view events, the (reconnecting) connection,
 * ping timers and scheduled events are stamped with the clock and folded through
 * `reduceClient`; `send` effects go to the current connection, `schedule` effects come back as
 * events, and states, bells and the exit are returned for the program. Emits the initial state
 * first; completes right after `exit`.
 */
export function chatClient$(initial: ClientState, sources: ChatClientSources): Observable<ChatClientOutput> {
  return defer(() => {
    const outgoing$ = new Subject<ClientFrame>();
    const feedback$ = new Subject<UnstampedEvent>();
    const drop$ = new Subject<void>();
    const ping$ = interval(sources.pingEveryMs, sources.scheduler).pipe(map((): UnstampedEvent => ({ type: 'clock/ping-due' })));
    const events$: Observable<ClientEvent> = merge(
      sources.view$, clientConnection$(outgoing$, { ...sources, drop$ }), ping$, feedback$,
    ).pipe(map((event) => ({ ...event, at: sources.scheduler.now() }) as ClientEvent));
    const steps$ = events$.pipe(
      scan((step: ClientStep<ClientState>, event) => reduceClient(step.state, event), { state: initial, effects: [] }),
    );
    const route = (effect: ClientEffect): Observable<ChatClientOutput> => {
      switch (effect.type) {
        case 'send':
          outgoing$.next(effect.frame);
          return EMPTY;
        case 'drop':
          drop$.next();
          return EMPTY;
        case 'schedule':
          return timer(effect.delayMs, sources.scheduler).pipe(tap(() => feedback$.next(effect.event)), ignoreElements());
        default:
          return of(effect);
      }
    };
    return steps$.pipe(
      mergeMap((step) => merge(of<ChatClientOutput>({ type: 'state', state: step.state }), ...step.effects.map(route))),
      startWith<ChatClientOutput>({ type: 'state', state: initial }),
      takeWhile((output) => output.type !== 'exit', true),
    );
  });
}
