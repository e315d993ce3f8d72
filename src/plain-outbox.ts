import type { ClientFrame } from './protocol.js';

/**
 * [PLAIN-PACE] The plain client's outbox: every frame goes out in the order typed; a message
 * (`say`, `msg`, which the server answers by `ref`) is sent with a fresh ref and holds back what
 * follows until the server has acknowledged or refused it; a message refused for now
 * (`RATE_LIMITED`) is sent again after the wait it names. So a script piping a file loses no line
 * to flood control, commands keep their place among the messages, and `quit` leaves last.
 */
export interface PlainOutbox {
  readonly queue: readonly ClientFrame[];
  readonly inFlight?: ClientFrame & { readonly ref: string };
  readonly nextRef: number;
}

export const emptyOutbox: PlainOutbox = { queue: [], nextRef: 1 };

export interface Pumped {
  readonly outbox: PlainOutbox;
  /** Frames to write now, in order. */
  readonly send: readonly ClientFrame[];
}

function isPaced(frame: ClientFrame): boolean {
  return frame.type === 'say' || frame.type === 'msg';
}

/** Queues a frame (a message gets a fresh ref) and sends what may go now. */
export function enqueue(outbox: PlainOutbox, frame: ClientFrame): Pumped {
  const queued = isPaced(frame) ? { ...frame, ref: `p${outbox.nextRef}` } : frame;
  return pump({ ...outbox, queue: [...outbox.queue, queued], nextRef: outbox.nextRef + (isPaced(frame) ? 1 : 0) });
}

/** The server answered `ref`: what follows may go. Undefined when `ref` was not in flight. */
export function settle(outbox: PlainOutbox, ref: string | undefined): Pumped | undefined {
  if (ref === undefined || outbox.inFlight?.ref !== ref) return undefined;
  return pump({ queue: outbox.queue, nextRef: outbox.nextRef });
}

/** Sends from the head of the queue up to and including the next message, which then waits. */
function pump(outbox: PlainOutbox): Pumped {
  if (outbox.inFlight) return { outbox, send: [] };
  const send: ClientFrame[] = [];
  let index = 0;
  let inFlight: (ClientFrame & { ref: string }) | undefined;
  while (index < outbox.queue.length && !inFlight) {
    const frame = outbox.queue[index++]!;
    send.push(frame);
    if (isPaced(frame)) inFlight = frame as ClientFrame & { ref: string };
  }
  const queue = outbox.queue.slice(index);
  return { outbox: inFlight ? { queue, nextRef: outbox.nextRef, inFlight } : { queue, nextRef: outbox.nextRef }, send };
}

export function isDrained(outbox: PlainOutbox): boolean {
  return outbox.inFlight === undefined && outbox.queue.length === 0;
}
