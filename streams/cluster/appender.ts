import type { RoomEvent } from '../../src/events.js';
import type { BusAppend, ClusterBus } from './bus.js';

/** [CLUSTER-APPEND] Most entries in one MULTI/EXEC batch. */
const BATCH_MAX = 512;
/** Waits between tries of a batch that failed, doubling from the first to the last. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

export interface Appender {
  /** Queues an event of this node; it goes out with the turn's batch, after every event queued before it. */
  push(event: RoomEvent): void;
  /** Whether the last batch failed and none has succeeded since ([CLUSTER-DOWN]: refuse new messages). */
  readonly failing: boolean;
  /** Events queued or in flight. */
  readonly pending: number;
  /** Resolves when nothing is queued or in flight (or after `ms`, with false). */
  drained(ms: number): Promise<boolean>;
  stop(): void;
}

export interface AppenderOptions {
  readonly bus: ClusterBus;
  readonly boot: number;
  readonly defer: (fn: () => void) => void;
  /** Told when a batch fails (with the error) and when one succeeds again. */
  readonly onFailure: (error: unknown) => void;
  readonly onRecovery: () => void;
  /** [STORAGE-FAILED] Most events kept while the bus fails; past it `onOverflow` ends the node. */
  readonly maxPending: number;
  readonly onOverflow: (pending: number) => void;
}

/**
 * [CLUSTER-APPEND] This node's side of the shared log: its events, numbered 1, 2, 3... in its boot,
 * go out in order, one batch in flight at a time ([GROUP-COMMIT]: the turn's events in one
 * MULTI/EXEC). A batch whose fate is unknown (the connection broke, Redis restarted) is sent again,
 * whole and first, with the same numbers: the fold drops what was already stored ([CLUSTER-ONCE]),
 * so nothing is lost and nothing folded twice.
 */
export function createAppender(options: AppenderOptions): Appender {
  const { bus, boot } = options;
  let seq = 0;
  let queue: BusAppend[] = [];
  let inFlight: readonly BusAppend[] = [];
  let scheduled = false;
  let failing = false;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  const waiters = new Set<() => void>();

  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    options.defer(() => {
      scheduled = false;
      send();
    });
  }

  function send(): void {
    if (inFlight.length > 0 || queue.length === 0 || retryTimer !== undefined || stopped) return;
    inFlight = queue.slice(0, BATCH_MAX);
    queue = queue.slice(inFlight.length);
    bus.append(inFlight).then(succeeded, failed);
  }

  function succeeded(): void {
    inFlight = [];
    retryMs = RETRY_MIN_MS;
    if (failing) {
      failing = false;
      options.onRecovery();
    }
    if (queue.length === 0) for (const wake of waiters) wake();
    send();
  }

  function failed(error: unknown): void {
    // The batch goes again first, as it was: its numbers make a repeat harmless.
    queue = [...inFlight, ...queue];
    inFlight = [];
    if (!failing) options.onFailure(error);
    failing = true;
    if (queue.length > options.maxPending) options.onOverflow(queue.length);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      send();
    }, retryMs);
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  }

  return {
    push(event) {
      queue.push({ boot, seq: ++seq, body: JSON.stringify(event) });
      schedule();
    },
    get failing() {
      return failing;
    },
    get pending() {
      return queue.length + inFlight.length;
    },
    drained(ms) {
      if (queue.length + inFlight.length === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(ok);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), ms);
        waiters.add(wake);
      });
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
    },
  };
}
