/** What the write side of a connection needs from its socket and from the clock. */

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

export const nodeTimers: OutboundTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  defer: (fn) => setImmediate(fn),
};
