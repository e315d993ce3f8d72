/**
 * The write side of one connection: bounded, batched once per event-loop turn, and aware of
 * backpressure. Nothing here decides what to send; the effect router hands it bytes.
 */
import { createDrainWatch } from './drain-watch.js';
import { nodeTimers, type OutboundTimers, type WritableSink } from './sink.js';
import { joinBatch } from './join-batch.js';

export { nodeTimers, type OutboundTimers, type WritableSink } from './sink.js';

export interface OutboundOptions {
  /** [SLOW-BYTES] Most bytes that may wait unread for this peer before it is dropped. */
  readonly maxQueuedBytes: number;
  /** [SLOW-DRAIN] How long a full socket may stay full before its peer is dropped. */
  readonly drainTimeoutMs: number;
  /** How long a closing connection may take to flush before it is destroyed. */
  readonly closeTimeoutMs: number;
  readonly timers?: OutboundTimers;
}

/**
 * Creates the outbound queue of one connection. When the peer stops reading past [SLOW-BYTES] or
 * [SLOW-DRAIN], the queue drops all output, destroys the socket and remembers how many bytes were
 * waiting (`slowBytes`), so the read side can tell the room why the connection ended.
 * Bytes handed to `enqueue` must not be mutated later.
 */
export function createOutbound(sink: WritableSink, options: OutboundOptions) {
  const timers = options.timers ?? nodeTimers;
  // [HOT-PATH] The turn's bytes are plain locals: `enqueue` runs once per recipient of every
  // broadcast, and a helper object here cost it its inlining into the router's loop.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const drain = createDrainWatch(sink, timers, options.drainTimeoutMs, slow);
  /** True from the first byte of a turn to the end-of-turn flush. */
  let inTurn = false;
  /** The socket's unsent bytes when this turn began: output the peer has had a chance to read. */
  let lag = 0;
  /** Whether the socket was still full from an earlier turn when this one began: it has not drained since. */
  let behind = false;
  let state: 'open' | 'ending' | 'dead' = 'open';
  let slowBytes: number | undefined;

  function slow(): void {
    if (state === 'dead') return;
    slowBytes = pendingBytes + sink.writableLength;
    kill();
  }

  function kill(): void {
    state = 'dead';
    clear();
    drain.stop();
    if (!sink.destroyed) sink.destroy();
  }

  /** The end of a turn: write what the turn queued. */
  function endTurn(): void {
    inTurn = false;
    flush();
    if (state === 'ending') finish();
  }

  function clear(): void {
    pending = [];
    pendingBytes = 0;
  }

  /** [BATCH-ONCE] Hands the turn's bytes to the socket as one buffer. */
  function flush(): void {
    if (state === 'dead' || pending.length === 0) return;
    if (sink.destroyed) return clear();
    const chunk = joinBatch(pending, pendingBytes);
    clear();
    if (!sink.write(chunk)) drain.start();
  }

  function finish(): void {
    sink.end();
    timers.setTimeout(() => { if (!sink.destroyed) sink.destroy(); }, options.closeTimeoutMs);
  }

  /**
   * [SLOW-BYTES] Whether a peer that was just given more than the bound is too far behind. Only a
   * reader that does not drain is: one whose socket was still full from an earlier turn. Bytes of
   * this turn were never offered to a reader that had drained: they go to the socket now, however
   * many (a TLS socket counts them as unsent until the next tick, a WebSocket sends them as many
   * messages: neither is the peer's lag), and the peer is judged when the next turn begins.
   */
  function tooFarBehind(): boolean {
    if (behind) return true;
    if (!drain.waiting) flush();
    return false;
  }

  return {
    /** Queues bytes for the end of this turn; drops the peer if it is too far behind. */
    enqueue(bytes: Uint8Array): void {
      if (state !== 'open') return;
      if (!inTurn) {
        // Once per turn: what the socket still holds from earlier turns is the peer's lag; past
        // the bound it is too far behind ([SLOW-BYTES]). The hot path reads no socket getter.
        if (sink.destroyed) return;
        lag = sink.writableLength;
        if (lag > options.maxQueuedBytes) return slow();
        behind = drain.waiting;
        inTurn = true;
        timers.defer(endTurn);
      }
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes + lag > options.maxQueuedBytes && tooFarBehind()) slow();
    },
    /** Flushes what is queued, then ends the connection; destroys it if the flush takes too long. */
    end(): void {
      if (state !== 'open') return;
      state = 'ending';
      if (!inTurn) finish();
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
