import type { ClientStep } from '../src/client/client-effect.js';
import type { ClientState } from '../src/client/client-state.js';
import { frameOf, type Outgoing } from '../src/client/outbox.js';
import { updateLastEntry } from '../src/client/scrollback.js';

/**
 * [WEB-RESUME] Back after a drop: the messages the old connection took without an `ack` are sent
 * again with their own refs, so the server, which remembers a session's refs ([DEDUPE]), answers
 * one it already has with its first ack instead of posting it twice. They go back into the outbox
 * as sent, and their lines from "unconfirmed" to "sent"; the acks settle them as usual.
 */
export function resendUnconfirmed(state: ClientState): ClientStep<ClientState> {
  if (state.unconfirmed.length === 0 || !state.registered) return { state, effects: [] };
  const sent: Outgoing[] = state.unconfirmed.map((item) => ({ ...item, status: 'sent' }));
  let log = state.log;
  for (const item of sent) {
    log = updateLastEntry(log, (e) => e.kind === 'own' && e.ref === item.ref, (e) => ({ ...e, delivery: 'sent' as const }));
  }
  return {
    state: { ...state, log, unconfirmed: [], outbox: [...sent, ...state.outbox] },
    effects: sent.map((item) => ({ type: 'send', frame: frameOf(item) })),
  };
}
