import { describe, expect, test } from 'vitest';
import type { ClientEffect } from '../../src/client/client-effect.js';
import { LOBBY, PROTOCOL_VERSION } from '../../src/protocol.js';
import { ClientHarness } from './client-harness.js';

const sent = (effects: readonly ClientEffect[]) => effects.flatMap((e) => (e.type === 'send' ? [e.frame] : []));

function welcomeOf(client: ClientHarness, extra: { resume?: string; resumed?: boolean }) {
  return client.frame({
    type: 'welcome', version: PROTOCOL_VERSION, nick: 'alice', room: LOBBY, members: ['alice', 'bob'],
    maxFrameBytes: 16384, maxTextLength: 4000, ...extra,
  });
}

/** alice is welcomed with a resume secret, says two lines, and the connection drops before any ack. */
function droppedWithTwoInFlight(): { client: ClientHarness; refs: string[] } {
  const client = new ClientHarness('alice');
  client.connect();
  welcomeOf(client, { resume: 'secret-1' });
  client.type('one');
  client.type('two');
  const refs = [...client.submitted.keys()];
  client.drop();
  return { client, refs };
}

describe('[RESUME] the terminal client takes its session back', () => {
  test('the hello after a drop shows the secret of the last welcome', () => {
    const { client } = droppedWithTwoInFlight();
    const effects = client.feed({ type: 'conn/connected' });
    expect(sent(effects)).toEqual([{ type: 'hello', version: PROTOCOL_VERSION, nick: 'alice', resume: 'secret-1' }]);
  });

  test('a resumed welcome sends the unconfirmed messages again with their own refs, once', () => {
    const { client, refs } = droppedWithTwoInFlight();
    client.feed({ type: 'conn/connected' });
    const effects = welcomeOf(client, { resume: 'secret-2', resumed: true });
    const again = sent(effects).filter((f) => f.type === 'say');
    expect(again.map((f) => f.type === 'say' && f.ref)).toEqual(refs);
    expect(client.state.unconfirmed).toEqual([]);
    expect(client.state.outbox.map((o) => [o.ref, o.status])).toEqual(refs.map((ref) => [ref, 'sent']));
    expect(client.state.resume).toBe('secret-2');
    expect(client.state.log.entries.filter((e) => e.kind === 'system').map((e) => e.text)).toContain('reconnected as alice (session resumed)');
    // An ack settles each; a later welcome has nothing left to resend.
    for (const ref of refs) client.frame({ type: 'ack', id: 1, ts: client.now, ref });
    expect(client.state.outbox).toEqual([]);
  });

  test('[RESUME-SEEN] the hello after a drop names the newest message id shown', () => {
    const client = new ClientHarness('alice');
    client.connect();
    welcomeOf(client, { resume: 'secret-1' });
    client.frame({ type: 'message', id: 41, ts: client.now, room: LOBBY, from: 'bob', text: 'older' });
    client.frame({ type: 'message', id: 42, ts: client.now, room: LOBBY, from: 'bob', text: 'newest' });
    client.drop();
    const effects = client.feed({ type: 'conn/connected' });
    expect(sent(effects)).toEqual([{ type: 'hello', version: PROTOCOL_VERSION, nick: 'alice', resume: 'secret-1', seen: 42 }]);
  });

  test('a fresh welcome (the server restarted) resends nothing: the user decides with /resend', () => {
    const { client, refs } = droppedWithTwoInFlight();
    client.feed({ type: 'conn/connected' });
    const effects = welcomeOf(client, { resume: 'secret-3' });
    expect(sent(effects).filter((f) => f.type === 'say')).toEqual([]);
    expect(client.state.unconfirmed.map((o) => o.ref)).toEqual(refs);
  });
});
