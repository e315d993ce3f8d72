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

/**
 * Queues a frame (a message gets a fresh ref) and sends what may go now; `online` false (the
 * connection is being made again, [PLAIN-RECONNECT]) only queues it.
 */
export function enqueue(outbox: PlainOutbox, frame: ClientFrame, online = true): Pumped {
  const queued = isPaced(frame) ? { ...frame, ref: `p${outbox.nextRef}` } : frame;
  const next = { ...outbox, queue: [...outbox.queue, queued], nextRef: outbox.nextRef + (isPaced(frame) ? 1 : 0) };
  return online ? pump(next) : { outbox: next, send: [] };
}

/**
 * [PLAIN-RECONNECT] The connection dropped: the message in flight goes back to the head of the
 * queue with its ref, so it is sent again, and a server that already had it only acknowledges it
 * again ([DEDUPE]). Frames sent before it were answered or are not messages.
 */
export function requeue(outbox: PlainOutbox): PlainOutbox {
  if (!outbox.inFlight) return outbox;
  return { queue: [outbox.inFlight, ...outbox.queue], nextRef: outbox.nextRef };
}

/** Sends what may go now: after a reconnect, from the head of the queue up to the first message. */
export function flush(outbox: PlainOutbox): Pumped {
  return pump(outbox);
}

/** The texts of the messages not yet acknowledged, oldest first (for the words of giving up). */
export function unsentTexts(outbox: PlainOutbox): string[] {
  const frames = outbox.inFlight ? [outbox.inFlight, ...outbox.queue] : outbox.queue;
  return frames.flatMap((f) => (f.type === 'say' || f.type === 'msg' ? [f.text] : []));
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
