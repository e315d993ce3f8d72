import { isDrained, type Pumped } from './plain-outbox.js';
import { next, type PlainState, type PlainStep } from './plain-state.js';
import type { ClientFrame } from './protocol.js';

/** [PLAIN-PACE] Leaves now if every message has been answered, else once they are (and, offline, once reconnected). */
export function leaveWhenDrained(state: PlainState, quit: ClientFrame): PlainStep {
  if (state.phase === 'chatting' && isDrained(state.outbox)) return next(state, 'leaving', { type: 'send', frame: quit });
  return { state: { ...state, quitPending: quit }, outputs: [] };
}

/** The answer to the message in flight arrived (or the connection is back): send the next one, or the pending quit. */
export function settled(state: PlainState, pumped: Pumped, ...before: PlainStep['outputs']): PlainStep {
  const moved = { ...state, outbox: pumped.outbox, storageRetries: 0 };
  const sends = pumped.send.map((frame) => ({ type: 'send', frame }) as const);
  if (moved.quitPending && isDrained(moved.outbox)) {
    const { quitPending, ...rest } = moved;
    return next(rest, 'leaving', ...before, ...sends, { type: 'send', frame: quitPending });
  }
  return { state: moved, outputs: [...before, ...sends] };
}

