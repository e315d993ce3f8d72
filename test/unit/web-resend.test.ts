import { describe, expect, test } from 'vitest';
import { reduceClient } from '../../src/client/client-reducer.js';
import type { ClientEvent, UnstampedEvent } from '../../src/client/client-event.js';
import { initialClientState, type ClientState } from '../../src/client/client-state.js';
import type { ServerFrame } from '../../src/protocol.js';
import { resendUnconfirmed } from '../../web/resend.js';

/** [WEB-RESUME] Unacknowledged messages go out again with their own refs after a reconnect. */
function fold(state: ClientState, ...events: UnstampedEvent[]): ClientState {
  return events.reduce((s, e, i) => reduceClient(s, { ...e, at: 1000 + i } as ClientEvent).state, state);
}
const frame = (f: ServerFrame) => ({ type: 'conn/frame-received', frame: f }) as const;
const welcome = frame({ type: 'welcome', nick: 'alice', room: '#lobby', members: ['alice'], resume: 'secret' } as unknown as ServerFrame);

describe('[WEB-RESUME] resendUnconfirmed', () => {
  test('sends the same refs again, marks the lines sent, and an ack settles them', () => {
    let state = fold(initialClientState({ server: 'x', bell: false, maxScrollback: 100 }, 'alice'), { type: 'conn/connected' }, welcome);
    state = fold(state, { type: 'key/typed', text: 'first' }, { type: 'key/pressed', key: 'enter' });
    state = fold(state, { type: 'conn/disconnected', cause: 'reset' });
    expect(state.unconfirmed.map((o) => o.ref)).toEqual(['m1']);
    // Not registered yet: nothing to do.
    expect(resendUnconfirmed(state).effects).toEqual([]);
    state = fold(state, { type: 'conn/connected' }, welcome);
    const step = resendUnconfirmed(state);
    expect(step.effects).toEqual([{ type: 'send', frame: { type: 'say', text: 'first', room: '#lobby', ref: 'm1' } }]);
    expect(step.state.unconfirmed).toEqual([]);
    const own = () => step.state.log.entries.filter((e) => e.kind === 'own');
    expect(own().map((e) => e.kind === 'own' && e.delivery)).toEqual(['sent']);
    const acked = fold(step.state, frame({ type: 'ack', ref: 'm1', id: 7, ts: 5 } as unknown as ServerFrame));
    expect(acked.log.entries.filter((e) => e.kind === 'own').map((e) => e.kind === 'own' && e.delivery)).toEqual(['acked']);
    expect(acked.outbox).toEqual([]);
  });
});
