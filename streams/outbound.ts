/**
 * The write side of one connection: bounded, batched once per event-loop turn, and aware of
 * backpressure. Nothing here decides what to send; the effect router hands it bytes.
 */
import { joinBatch } from './join-batch.js';

/** The part of a socket the outbound queue needs; an in-memory duplex can stand in for tests. */
export interface WritableSink {
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: Uint8Array): boolean;
  end(): void;
  destroy(): void;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

/** Timers the queue uses, injectable so tests control time. */
export interface OutboundTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `fn` once the current turn's work is done (default `setImmediate`). */
  defer(fn: () => void): void;
}

export interface OutboundOptions {
  /** [SLOW-BYTES] Most bytes that may wait unread for this peer before it is dropped. */
  readonly maxQueuedBytes: number;
  /** [SLOW-DRAIN] How long a full socket may stay full before its peer is dropped. */
  readonly drainTimeoutMs: number;
  /** How long a closing connection may take to flush before it is destroyed. */
  readonly closeTimeoutMs: number;
  readonly timers?: OutboundTimers;
}

export const nodeTimers: OutboundTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  defer: (fn) => setImmediate(fn),
};

/**
 * Creates the outbound queue of one connection. When the peer stops reading past [SLOW-BYTES] or
 * [SLOW-DRAIN], the queue drops all output, destroys the socket and remembers how many bytes were
 * waiting (`slowBytes`), so the read side can tell the room why the connection ended.
 * Bytes handed to `enqueue` must not be mutated later.
 */
export function createOutbound(sink: WritableSink, options: OutboundOptions) {
  const timers = options.timers ?? nodeTimers;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  /** The socket's unsent bytes when this turn's batch began. */
  let backlog = 0;
  let state: 'open' | 'ending' | 'dead' = 'open';
  let drainTimer: unknown;
  let awaitingDrain = false;
  let slowBytes: number | undefined;

  const onDrain = () => {
    awaitingDrain = false;
    timers.clearTimeout(drainTimer);
  };

  function slow(): void {
    if (state === 'dead') return;
    slowBytes = pendingBytes + sink.writableLength;
    kill();
  }

  function kill(): void {
    state = 'dead';
    pending = [];
    pendingBytes = 0;
    timers.clearTimeout(drainTimer);
    sink.removeListener('drain', onDrain);
    if (!sink.destroyed) sink.destroy();
  }

  function flush(): void {
    scheduled = false;
    if (state === 'dead' || pending.length === 0) return;
    if (sink.destroyed) {
      pending = [];
      pendingBytes = 0;
      return;
    }
    const chunk = joinBatch(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (!sink.write(chunk) && !awaitingDrain) {
      awaitingDrain = true;
      drainTimer = timers.setTimeout(slow, options.drainTimeoutMs);
      sink.once('drain', onDrain);
    }
    if (state === 'ending') finish();
  }

  function finish(): void {
    sink.end();
    timers.setTimeout(() => { if (!sink.destroyed) sink.destroy(); }, options.closeTimeoutMs);
  }

  return {
    /** Queues bytes for the end of this turn; drops the peer if it is too far behind. */
    enqueue(bytes: Uint8Array): void {
      if (state !== 'open') return;
      if (!scheduled) {
        // Once per turn: the socket's own backlog cannot change before the flush writes to it,
        // so the hot path (many frames a turn) reads no socket getters.
        if (sink.destroyed) return;
        backlog = sink.writableLength;
        scheduled = true;
        timers.defer(flush);
      }
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes + backlog <= options.maxQueuedBytes) return;
      // Bytes queued in this turn were never offered to the peer: hand them to the socket now, and
      // call the peer slow only if the socket could not take them ([SLOW-BYTES]). Otherwise one
      // busy turn (a burst from another client) would drop readers that are keeping up.
      if (!awaitingDrain) {
        flush();
        backlog = sink.writableLength;
      }
      if (pendingBytes + backlog > options.maxQueuedBytes) slow();
    },
    /** Flushes what is queued, then ends the connection; destroys it if the flush takes too long. */
    end(): void {
      if (state !== 'open') return;
      state = 'ending';
      if (!scheduled) finish();
    },
    /** Drops everything at once. */
    destroy(): void {
      if (state !== 'dead') kill();
    },
    /** Bytes that were waiting when the peer was dropped as a slow consumer, if it was. */
    get slowBytes(): number | undefined {
      return slowBytes;
    },
    /** Bytes waiting in this queue and in the socket. */
    get queuedBytes(): number {
      return pendingBytes + sink.writableLength;
    },
  };
}

export type Outbound = ReturnType<typeof createOutbound>;
