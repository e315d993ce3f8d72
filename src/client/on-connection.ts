import type { ClientEffect, ClientStep } from './client-effect.js';
import type { ClientEvent } from './client-event.js';
import type { ClientState } from './client-state.js';
import { addSystem, helloFor, stepTo, unchanged } from './client-step.js';
import { dropSent } from './outbox.js';
import { updateLastEntry } from './scrollback.js';

/** How many unconfirmed messages `/resend` can still send. */
export const UNCONFIRMED_MAX = 50;

type ConnEvent = Extract<ClientEvent, { type: `conn/${string}` }>;

/**
 * [TUI-RECONNECT] The connection's life as the client sees it. On connecting it says hello
 * again with the same nickname; on losing it, messages sent but not acknowledged are reported
 * as unconfirmed (the server may or may not have them), queued ones wait for the next welcome.
 */
export function onConnection(state: ClientState, event: Exclude<ConnEvent, { type: 'conn/frame-received' }>): ClientStep<ClientState> {
  switch (event.type) {
    case 'conn/connecting':
      return stepTo({ ...state, conn: { ...state.conn, status: 'connecting', server: event.server, retryInMs: undefined } });
    case 'conn/connected':
      return connected(state);
    case 'conn/disconnected':
      return lost(state, event.at, event.cause);
    case 'conn/failed': {
      if (state.phase === 'leaving') return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 });
      const next = { ...state, conn: { ...state.conn, status: 'offline' as const, cause: event.cause } };
      return stepTo(state.conn.attempt === 0 ? addSystem(next, event.at, 'error', `cannot connect to ${event.server}: ${event.cause}`) : next);
    }
    case 'conn/retry-scheduled': {
      const next: ClientState = { ...state, conn: { ...state.conn, status: 'offline', server: event.server, attempt: event.attempt, retryInMs: event.delayMs } };
      // [SERVER-FAILOVER] The first move to another server of the list is worth a line; the
      // rounds of a long outage show in the status bar only, or they would flood the scrollback.
      const moves = event.attempt === 1 && event.server !== state.conn.server;
      return stepTo(moves ? addSystem(next, event.at, 'info', `trying ${event.server} next`) : next);
    }
    case 'conn/bad-frame':
      return stepTo(addSystem(state, event.at, 'error', `the server sent something unreadable: ${event.message}`));
  }
}

function connected(state: ClientState): ClientStep<ClientState> {
  const conn = { status: 'online' as const, server: state.conn.server, attempt: 0, retryInMs: undefined, cause: undefined };
  const effects: ClientEffect[] = [];
  const hasNick = state.nick !== undefined && (state.phase === 'registering' || state.phase === 'chatting');
  if (hasNick) effects.push(helloFor(state, state.nick!));
  return stepTo({ ...state, conn, registered: false }, ...effects);
}

/** The connection is gone: report what it took with it and wait for the next one. */
export function lost(state: ClientState, at: number, cause: string): ClientStep<ClientState> {
  if (state.phase === 'leaving' || state.phase === 'done') return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 });
  const { outbox, lost: unconfirmed } = dropSent(state.outbox);
  let next: ClientState = {
    ...state, outbox, unconfirmed: [...state.unconfirmed, ...unconfirmed].slice(-UNCONFIRMED_MAX), registered: false, ping: undefined, latencyMs: undefined,
    conn: { ...state.conn, status: 'offline', cause },
  };
  next = addSystem(next, at, 'error', `connection lost (${cause}); reconnecting`);
  for (const item of unconfirmed) {
    next = { ...next, log: updateLastEntry(next.log, (e) => e.kind === 'own' && e.ref === item.ref, (e) => ({ ...e, delivery: 'unconfirmed' as const })) };
    next = addSystem(next, at, 'error', `not confirmed before the connection dropped, may not have been delivered: "${item.text}" (/resend sends it again)`);
  }
  return unconfirmed.length === 0 && state.conn.status === 'offline' ? unchanged(state) : stepTo(next);
}
