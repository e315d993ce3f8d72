import {
  asyncScheduler, concat, defer, EMPTY, filter, map, merge, mergeMap, of, scan, Subject, switchMap, take, takeWhile, timer, type Observable, type SchedulerLike,
} from 'rxjs';
import type { ClientFrame } from '../src/protocol.js';
import { initialPlainState, reducePlain, type PlainInput, type PlainOutput } from '../src/plain-session.js';
import type { ClientInbound } from './tcp-client-driver.js';

export interface PlainClientSources {
  /** The connection driver: outgoing frames in, what the server says out. */
  readonly connect: (outgoing$: Observable<ClientFrame>) => Observable<ClientInbound>;
  /** Lines typed or piped in; subscribed only once the nickname is accepted. */
  readonly lines$: Observable<string>;
  /** [PASSWORD] The server password, if it needs one. */
  readonly password?: string;
  /** The clock of [PLAIN-PACE] waits (virtual in tests). */
  readonly scheduler?: SchedulerLike;
}

/** What the program must do: print a line to a stream, or exit with a code. */
export type PlainEffect = Extract<PlainOutput, { type: 'stdout' | 'stderr' | 'exit' }>;

/**
 * The plain client as one stream ([PLAIN]): connection events and input lines fold through
 * `reducePlain`; `send` outputs go back to the connection; the rest is returned for the program
 * to print. Completes after the `exit` effect; errors if the connection cannot be made.
 */
export function plainClient$(nick: string, sources: PlainClientSources): Observable<PlainEffect> {
  return defer(() => {
    const outgoing$ = new Subject<ClientFrame>();
    const feedback$ = new Subject<PlainOutput>();
    const inbound$: Observable<PlainInput> = sources.connect(outgoing$);
    const input$: Observable<PlainInput> = feedback$.pipe(
      filter((output) => output.type === 'start-input'),
      take(1),
      switchMap(() => concat(
        sources.lines$.pipe(map((text): PlainInput => ({ type: 'line', text }))),
        of<PlainInput>({ type: 'input-ended' }),
      )),
    );
    // [PLAIN-PACE] Waits the reducer asks for come back as inputs.
    const scheduled$: Observable<PlainInput> = feedback$.pipe(
      mergeMap((output) => (output.type === 'schedule' ? timer(output.delayMs, sources.scheduler ?? asyncScheduler).pipe(map(() => output.input)) : EMPTY)),
    );
    const outputs$ = merge(inbound$, input$, scheduled$).pipe(
      scan((acc, input) => reducePlain(acc.state, input), { state: initialPlainState(nick, sources.password), outputs: [] as PlainOutput[] }),
      mergeMap((step) => step.outputs),
    );
    return outputs$.pipe(
      mergeMap((output): Observable<PlainEffect> => {
        if (output.type === 'send') outgoing$.next(output.frame);
        else if (output.type === 'start-input' || output.type === 'schedule') feedback$.next(output);
        else return of(output);
        return EMPTY;
      }),
      takeWhile((effect) => effect.type !== 'exit', true),
    );
  });
}
