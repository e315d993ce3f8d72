import { describe, expect, test } from 'vitest';
import { ClientHarness } from './client-harness.js';

describe('[TUI-FINAL] refusals a reconnect would only meet again', () => {
  test.each(['BAD_PASSWORD', 'BANNED', 'UNSUPPORTED_VERSION'] as const)('%s ends the client with exit 1 and the reason', (code) => {
    const client = new ClientHarness('alice');
    client.connect();
    const effects = client.frame({ type: 'error', code, message: `refused: ${code}`, fatal: true });
    expect(effects).toEqual([{ type: 'exit', code: 1, message: `refused: ${code}` }]);
    expect(client.state.phase).toBe('done');
    // Nothing follows: a later drop schedules no reconnect and the reducer stays put.
    expect(client.feed({ type: 'conn/disconnected', cause: 'closed by server' })).toEqual([]);
  });

  test('a taken nickname is not final: the prompt asks again', () => {
    const client = new ClientHarness('alice');
    client.connect();
    const effects = client.frame({ type: 'error', code: 'NICK_TAKEN', message: 'nickname "alice" is taken', fatal: false });
    expect(effects.some((e) => e.type === 'exit')).toBe(false);
    expect(client.state.phase).toBe('prompt');
  });
});

describe('[TUI-FINAL] goodbyes after which coming back would be wrong', () => {
  test.each(['kicked', 'banned', 'resumed'] as const)('bye with code %s ends the client with its reason', (code) => {
    const client = new ClientHarness('alice');
    client.connect();
    client.welcome();
    const effects = client.frame({ type: 'bye', reason: `words for ${code}`, code });
    expect(effects).toEqual([{ type: 'exit', code: 1, message: `words for ${code}` }]);
    expect(client.state.phase).toBe('done');
  });

  test('bye for a shutdown is not final: the client stays to reconnect', () => {
    const client = new ClientHarness('alice');
    client.connect();
    client.welcome();
    const effects = client.frame({ type: 'bye', reason: 'server shutting down', code: 'shutdown' });
    expect(effects.some((e) => e.type === 'exit')).toBe(false);
    expect(client.state.phase).toBe('chatting');
  });

  test('/reply and /ignore follow a rename of the person', () => {
    const client = new ClientHarness('alice');
    client.connect();
    client.welcome();
    client.frame({ type: 'private', id: 1, ts: 1, from: 'bob', to: 'alice', text: 'hey' });
    client.type('/ignore bob');
    client.frame({ type: 'nick', old: 'bob', nick: 'robert', ts: 2 });
    expect(client.state.lastPrivate).toBe('robert');
    expect(client.state.ignored).toEqual(['robert']);
  });
});
