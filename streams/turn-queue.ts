/**
 * [FLUSH-ONCE] One `setImmediate` per event-loop turn for every connection that has output, instead
 * of one per connection: a broadcast to 500 members queues 500 flushes but schedules one callback.
 * Returns the `defer` of `OutboundTimers`; each server makes its own.
 */
export function createTurnQueue(schedule: (run: () => void) => void = setImmediate): (fn: () => void) => void {
  let queued: (() => void)[] = [];
  const run = () => {
    const due = queued;
    queued = [];
    for (const fn of due) fn();
  };
  return (fn) => {
    if (queued.length === 0) schedule(run);
    queued.push(fn);
  };
}
