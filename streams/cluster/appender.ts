import type { RoomEvent } from '../../src/events.js';
import type { BusAppend, ClusterBus } from './bus.js';
import { MAX_BATCH_BYTES, MAX_ENTRY_BYTES } from './redis-entries.js';

/** [CLUSTER-APPEND] Most entries, and bytes, in one MULTI/EXEC batch (within the bus's [BUS-BOUNDS]). */
const BATCH_MAX = 512;
const BATCH_MAX_BYTES = MAX_BATCH_BYTES / 2;
/** Waits between tries of a batch that failed, doubling from the first to the last. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

export interface Appender {
  /**
   * Queues an event of this node; it goes out with the turn's batch, after every event queued before
   * it. False, and nothing queued, for an event too large for one entry of the log ([BUS-BOUNDS]).
   */
  push(event: RoomEvent): boolean;
  /** Whether the last batch failed and none has succeeded since ([CLUSTER-DOWN]: refuse new messages). */
  readonly failing: boolean;
  /** Events queued or in flight. */
  readonly pending: number;
  /** The seq of the last event queued (0: none yet): once the fold has seen it for this boot, all is stored. */
  readonly appended: number;
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
  let queue: (BusAppend & { readonly bytes: number })[] = [];
  let inFlight: readonly (BusAppend & { readonly bytes: number })[] = [];
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
    let count = 0;
    let bytes = 0;
    while (count < queue.length && count < BATCH_MAX && (count === 0 || bytes + queue[count]!.bytes <= BATCH_MAX_BYTES)) bytes += queue[count++]!.bytes;
    inFlight = queue.slice(0, count);
    queue = queue.slice(count);
    bus.append(inFlight.map(({ boot: b, seq: s, body }) => ({ boot: b, seq: s, body }))).then(succeeded, failed);
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
      const body = JSON.stringify(event);
      const bytes = Buffer.byteLength(body, 'utf8');
      if (bytes > MAX_ENTRY_BYTES) return false;
      queue.push({ boot, seq: ++seq, body, bytes });
      schedule();
      return true;
    },
    get failing() {
      return failing;
    },
    get pending() {
      return queue.length + inFlight.length;
    },
    get appended() {
      return seq;
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
