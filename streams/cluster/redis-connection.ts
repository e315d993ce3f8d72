import { Redis, type RedisOptions } from 'ioredis';
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { BusStatus } from './bus.js';

/** [BUS-RECONNECT] The longest wait between two reconnection attempts, in ms. */
export const RECONNECT_CAP_MS = 2_000;

/** How long one command may wait for its reply before it rejects ([BUS-RECONNECT]). */
export const COMMAND_TIMEOUT_MS = 5_000;

/** [BUS-RECONNECT] 50, 100, 200 ... ms, capped at `RECONNECT_CAP_MS`; never gives up. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 16), RECONNECT_CAP_MS);
}

/**
 * [BUS-RECONNECT] The client settings of every bus connection. The node must refuse messages while
 * Redis is down, never hold them, so:
 * - `enableOfflineQueue: false`: a command sent while disconnected rejects at once;
 * - `maxRetriesPerRequest: 0` and `autoResendUnfulfilledCommands: false`: a command in flight when
 *   the connection drops rejects, and is never sent again behind the caller's back (the caller
 *   decides; a repeated append is dropped by the fold, [CLUSTER-ONCE]);
 * - `commandTimeout`: a Redis that accepts but does not answer cannot hold a caller forever;
 * - `retryStrategy`: reconnects forever, with backoff capped at 2 s.
 * `lazyConnect` lets the opener wait for the first `ready` and fail with Redis's own words.
 */
export function busClientOptions(name: string): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectDelay,
    protocol: 2,
    connectionName: name,
  };
}

/**
 * Connects a client to `url` and resolves once Redis answers; rejects (and stops the client's
 * reconnection) when the first attempt fails, so a wrong URL is an error at start, not a silent loop.
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  const client = new Redis(url, busClientOptions(name));
  client.on('error', () => {}); // reported through status$ and the failing calls, not as an unhandled event
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot reach Redis at ${url}: ${(error as Error).message}`);
  }
}

/** [BUS-STATUS] A client's up and down transitions, starting with the current one. */
export interface StatusWatch {
  readonly status$: Observable<BusStatus>;
  /** Removes the listeners and completes `status$`. */
  stop(): void;
}

/**
 * Watches a connected client: `ready` is up; `close`, `reconnecting` and `end` are down, with the
 * last error seen as the reason. Distinct by `up`, so a reconnection loop is one `down`.
 */
export function watchStatus(client: Redis): StatusWatch {
  const subject = new BehaviorSubject<BusStatus>(client.status === 'ready' ? { up: true } : { up: false, reason: client.status });
  let lastError = 'connection closed';
  const onError = (error: Error) => void (lastError = error.message || String(error));
  const onReady = () => subject.next({ up: true });
  const onDown = () => subject.next({ up: false, reason: lastError });
  client.on('error', onError).on('ready', onReady).on('close', onDown).on('reconnecting', onDown).on('end', onDown);
  return {
    status$: subject.pipe(distinctUntilChanged((a, b) => a.up === b.up)),
    stop() {
      client.off('error', onError).off('ready', onReady).off('close', onDown).off('reconnecting', onDown).off('end', onDown);
      subject.complete();
    },
  };
}
