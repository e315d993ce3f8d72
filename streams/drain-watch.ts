import type { OutboundTimers, WritableSink } from './sink.js';

/**
 * [SLOW-DRAIN] Watches a socket whose `write` returned false: `onStuck` runs if it has not drained
 * within `timeoutMs`. One watch at a time; `stop` forgets it (and its listener) for good.
 */
export function createDrainWatch(sink: WritableSink, timers: OutboundTimers, timeoutMs: number, onStuck: () => void) {
  let waiting = false;
  let timer: unknown;
  const onDrain = () => {
    waiting = false;
    timers.clearTimeout(timer);
  };
  return {
    /** True from a refused write to the next `drain`. */
    get waiting(): boolean {
      return waiting;
    },
    /** Starts watching, unless a watch is already under way. */
    start(): void {
      if (waiting) return;
      waiting = true;
      timer = timers.setTimeout(onStuck, timeoutMs);
      sink.once('drain', onDrain);
    },
    stop(): void {
      timers.clearTimeout(timer);
      sink.removeListener('drain', onDrain);
    },
  };
}
