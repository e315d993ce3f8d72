import { concat, map, NEVER, of, takeUntil, type Observable, type SchedulerLike } from 'rxjs';
import { backoffDelay, hopDelay, type BackoffPolicy } from '../../src/client/backoff.js';
import type { UnstampedEvent } from '../../src/client/client-event.js';
import type { ClientFrame } from '../../src/protocol.js';
import { formatServer, type ServerAddress } from '../../src/server-list.js';
import type { ClientInbound } from '../tcp-client-driver.js';
import { reconnectWithBackoff } from './reconnect-with-backoff.js';

/** How to connect and how to wait between attempts. */
export interface ClientConnectionOptions {
  /** The connection driver (`makeTcpClientDriver`): frames out to `server`, what it says in. */
  readonly connect: (outgoing$: Observable<ClientFrame>, server: ServerAddress) => Observable<ClientInbound>;
  /** [SERVER-FAILOVER] The servers to try, in order (at least one). */
  readonly servers: readonly ServerAddress[];
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
 * [TUI-RECONNECT] [SERVER-FAILOVER] The connection as client events, kept alive:
 * `conn/connecting` (naming the server) before each attempt, then what the driver reports; after
 * a drop or a failed attempt, `conn/retry-scheduled` naming the next server of the list, tried
 * after a short hop, or after an exponential, jittered delay once every server failed in a row.
 * Never completes; unsubscribing closes the connection.
 */
export function clientConnection$(outgoing$: Observable<ClientFrame>, options: ClientConnectionOptions): Observable<UnstampedEvent> {
  const { servers } = options;
  if (servers.length === 0) throw new TypeError('clientConnection$ needs at least one server');
  const attempt = (index: number) => concat(
    of<UnstampedEvent>({ type: 'conn/connecting', server: formatServer(servers[index]!) }),
    options.connect(outgoing$, servers[index]!).pipe(map(toEvent), takeUntil(options.drop$ ?? NEVER)),
  );
  return reconnectWithBackoff<UnstampedEvent>(attempt, {
    servers: servers.length,
    delayFor: (wait) => (wait.kind === 'hop' ? hopDelay(options.random(), options.backoff) : backoffDelay(wait.round, options.random(), options.backoff)),
    isConnected: (event) => event.type === 'conn/connected',
    onRetry: (attempt, delayMs, next) => ({ type: 'conn/retry-scheduled', attempt, delayMs, server: formatServer(servers[next]!) }),
    onError: (error, failure) => ({ type: 'conn/failed', cause: describeError(error), server: formatServer(servers[failure.server]!) }),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
}
