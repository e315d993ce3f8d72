/**
 * [FLUSH-ONCE] One callback per turn for every connection that has output, instead of one per
 * connection: a broadcast to 500 members queues 500 flushes but schedules one callback. Returns
 * the `defer` of `OutboundTimers`; each server makes its own.
 *
 * A turn is the callback the output was produced in: by default the flushes run in a microtask
 * once it returns (all of a step's routing is one callback, the store's end-of-turn commit, so its
 * output still goes out as one write per connection). Not `setImmediate`: that waits for the next
 * loop iteration when the output is produced in the check phase (as the commit is), so every reply
 * would lose a whole pass over the other sockets' events first ([WRITE-FIRST] then wrote late).
 */
export function createTurnQueue(schedule: (run: () => void) => void = queueMicrotask): (fn: () => void) => void {
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
