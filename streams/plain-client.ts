import {
  asyncScheduler, concat, defer, EMPTY, filter, map, merge, mergeMap, of, scan, Subject, switchMap, take, takeWhile, timer, type Observable, type SchedulerLike,
} from 'rxjs';
import { backoffDelay, defaultBackoff, hopDelay, type BackoffPolicy } from '../src/client/backoff.js';
import type { ClientFrame } from '../src/protocol.js';
import { DEFAULT_SERVER_PORT, formatServer, type ServerAddress } from '../src/server-list.js';
import { initialPlainState, reducePlain, type PlainInput, type PlainOutput } from '../src/plain-session.js';
import { reconnectWithBackoff } from './client/reconnect-with-backoff.js';
import { describeConnectError } from './describe-connect-error.js';
import type { ClientInbound } from './tcp-client-driver.js';

export interface PlainClientSources {
  /** The connection driver: outgoing frames in, what `server` says out. Called again for each attempt. */
  readonly connect: (outgoing$: Observable<ClientFrame>, server: ServerAddress) => Observable<ClientInbound>;
  /** Lines typed or piped in; subscribed only once the nickname is accepted. */
  readonly lines$: Observable<string>;
  /** [PASSWORD] The server password, if it needs one. */
  readonly password?: string;
  /** [SERVER-FAILOVER] The servers to try, in order (127.0.0.1:12345 when absent); named in the words of a failure. */
  readonly servers?: readonly ServerAddress[];
  /** [PLAIN-RECONNECT] How long to try reconnecting before giving up (default 120 s). */
  readonly reconnectForMs?: number;
  /** [TUI-BACKOFF] The waits between attempts, and their jitter (uniform in [0, 1)). */
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** The clock of [PLAIN-PACE] waits and reconnect delays (virtual in tests). */
  readonly scheduler?: SchedulerLike;
}

/** What the program must do: print a line to a stream, or exit with a code. */
export type PlainEffect = Extract<PlainOutput, { type: 'stdout' | 'stderr' | 'exit' }>;

const DEFAULT_SERVERS: readonly ServerAddress[] = [{ host: '127.0.0.1', port: DEFAULT_SERVER_PORT }];

/**
 * [PLAIN-RECONNECT] [SERVER-FAILOVER] The connection as plain inputs, kept alive: after a drop,
 * or an attempt that could not connect, `retry-scheduled` naming the next server of the list, and
 * a new attempt there after a short hop, or after a jittered exponential delay once every server
 * failed in a row. The counts start again at each welcome. Never completes by itself; the
 * reducer decides when to stop (its `exit` ends the client, and this with it).
 */
function connection$(outgoing$: Observable<ClientFrame>, sources: PlainClientSources, scheduler: SchedulerLike): Observable<PlainInput> {
  const random = sources.random ?? Math.random;
  const servers = sources.servers ?? DEFAULT_SERVERS;
  const policy = sources.backoff ?? defaultBackoff;
  return reconnectWithBackoff<PlainInput>((index) => defer(() => sources.connect(outgoing$, servers[index]!)), {
    servers: servers.length,
    delayFor: (wait) => (wait.kind === 'hop' ? hopDelay(random(), policy) : backoffDelay(wait.round, random(), policy)),
    isConnected: (input) => input.type === 'frame' && input.frame.type === 'welcome',
    onRetry: (attempt, delayMs, next) => ({ type: 'retry-scheduled', attempt, delayMs, at: scheduler.now(), server: formatServer(servers[next]!) }),
    onError: (error, failure) => ({ type: 'failed', cause: describeConnectError(error), server: formatServer(servers[failure.server]!), roundOver: failure.roundOver }),
    scheduler,
  });
}

/**
 * The plain client as one stream ([PLAIN]): connection events and input lines fold through
 * `reducePlain`; `send` outputs go to the current connection; the rest is returned for the program
 * to print. Completes after the `exit` effect, which also comes when no connection can be made.
 */
export function plainClient$(nick: string, sources: PlainClientSources): Observable<PlainEffect> {
  return defer(() => {
    const scheduler = sources.scheduler ?? asyncScheduler;
    const outgoing$ = new Subject<ClientFrame>();
    const feedback$ = new Subject<PlainOutput>();
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
      mergeMap((output) => (output.type === 'schedule' ? timer(output.delayMs, scheduler).pipe(map(() => output.input)) : EMPTY)),
    );
    const initial = initialPlainState(nick, {
      ...(sources.password === undefined ? {} : { password: sources.password }),
      server: formatServer((sources.servers ?? DEFAULT_SERVERS)[0]!),
      ...(sources.reconnectForMs === undefined ? {} : { reconnectForMs: sources.reconnectForMs }),
    });
    const outputs$ = merge(connection$(outgoing$, sources, scheduler), input$, scheduled$).pipe(
      scan((acc, input) => reducePlain(acc.state, input), { state: initial, outputs: [] as PlainOutput[] }),
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
