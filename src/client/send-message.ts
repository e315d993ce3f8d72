import type { ClientStep } from './client-effect.js';
import type { ClientState } from './client-state.js';
import { addEntry, addSystem, stepTo } from './client-step.js';
import { frameOf, type Outgoing } from './outbox.js';
import { updateLastEntry } from './scrollback.js';

/**
 * [TUI-PENDING] Shows an own message at once, marked pending; sends it if registered, else
 * queues it for the next welcome. A text over the server's limit stays in the input line.
 */
export function sendMessage(state: ClientState, message: Omit<Outgoing, 'ref' | 'status'>, at: number): ClientStep<ClientState> {
  if (state.maxTextLength !== undefined && message.text.length > state.maxTextLength) {
    return stepTo(addSystem(state, at, 'error', `message is longer than ${state.maxTextLength} characters; not sent`));
  }
  // Behind a queue (offline, or held back by the server's rate limit) a message waits its turn.
  const online = state.registered && state.conn.status === 'online' && !state.outbox.some((o) => o.status === 'queued');
  const item: Outgoing = { ...message, ref: `m${state.nextRef}`, status: online ? 'sent' : 'queued' };
  const next = addEntry({ ...state, outbox: [...state.outbox, item], nextRef: state.nextRef + 1 }, {
    kind: 'own', ts: at, room: item.room, from: state.nick ?? '?', to: item.to, text: item.text,
    action: item.action, ref: item.ref, delivery: item.status,
  });
  return online ? stepTo(next, { type: 'send', frame: frameOf(item) }) : stepTo(next);
}

/** [TUI-RATE] Sends the oldest queued message, if registered: the queue drains one at a time. */
export function sendNextQueued(state: ClientState): ClientStep<ClientState> {
  const next = state.outbox.find((o) => o.status === 'queued');
  if (next === undefined || !state.registered || state.conn.status !== 'online') return stepTo(state);
  const outbox = state.outbox.map((o) => (o === next ? { ...o, status: 'sent' as const } : o));
  const log = updateLastEntry(state.log, (e) => e.kind === 'own' && e.ref === next.ref, (e) => ({ ...e, delivery: 'sent' as const }));
  return stepTo({ ...state, outbox, log }, { type: 'send', frame: frameOf(next) });
}
