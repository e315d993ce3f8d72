import { concat, defer, map, NEVER, of, takeUntil, type Observable, type SchedulerLike } from 'rxjs';
import { backoffDelay, type BackoffPolicy } from '../../src/client/backoff.js';
import type { UnstampedEvent } from '../../src/client/client-event.js';
import type { ClientFrame } from '../../src/protocol.js';
import type { ClientInbound } from '../tcp-client-driver.js';
import { reconnectWithBackoff } from './reconnect-with-backoff.js';

/** How to connect and how to wait between attempts. */
export interface ClientConnectionOptions {
  /** The connection driver (`makeTcpClientDriver`): frames out, what the server says in. */
  readonly connect: (outgoing$: Observable<ClientFrame>) => Observable<ClientInbound>;
  readonly backoff: BackoffPolicy;
  /** Uniform in [0, 1): the jitter of the backoff. */
  readonly random: () => number;
  readonly scheduler?: SchedulerLike;
  /** Each value ends the current attempt (the client found it dead); the schedule then retries. */
  readonly drop$?: Observable<unknown>;
}

function toEvent(inbound: ClientInbound): UnstampedEvent {
  switch (inbound.type) {
    case 'connected':
      return { type: 'conn/connected' };
    case 'frame':
      return { type: 'conn/frame-received', frame: inbound.frame };
    case 'bad-frame':
      return { type: 'conn/bad-frame', message: inbound.message };
    case 'disconnected':
      return { type: 'conn/disconnected', cause: inbound.cause };
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * [TUI-RECONNECT] The connection as client events, kept alive: `conn/connecting` before each
 * attempt, then what the driver reports; after a drop or a failed attempt,
 * `conn/retry-scheduled` and a new attempt after an exponential, jittered delay. Never
 * completes; unsubscribing closes the connection.
 */
export function clientConnection$(outgoing$: Observable<ClientFrame>, options: ClientConnectionOptions): Observable<UnstampedEvent> {
  const attempt$ = defer(() => concat(
    of<UnstampedEvent>({ type: 'conn/connecting' }),
    options.connect(outgoing$).pipe(map(toEvent), takeUntil(options.drop$ ?? NEVER)),
  ));
  return attempt$.pipe(reconnectWithBackoff<UnstampedEvent>({
    delayFor: (attempt) => backoffDelay(attempt, options.random(), options.backoff),
    isConnected: (event) => event.type === 'conn/connected',
    onRetry: (attempt, delayMs) => ({ type: 'conn/retry-scheduled', attempt, delayMs }),
    onError: (error) => ({ type: 'conn/failed', cause: describeError(error) }),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  }));
}
