import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { EXIT_CONNECTION, EXIT_NICK, EXIT_OK, initialPlainState, reducePlain, type PlainInput, type PlainOutput, type PlainState } from '../../src/plain-session.js';
import type { ServerFrame } from '../../src/protocol.js';

const frame = (f: object): PlainInput => ({ type: 'frame', frame: f as ServerFrame });
const welcome = frame({ type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: ['alice'], maxFrameBytes: 16384, maxTextLength: 4000 });
const taken = frame({ type: 'error', code: 'NICK_TAKEN', message: 'nickname "alice" is taken', fatal: false });
const invalid = frame({ type: 'error', code: 'NICK_INVALID', message: 'nickname must be 3 to 10 characters', fatal: false });
const shutdown = frame({ type: 'error', code: 'SERVER_SHUTDOWN', message: 'server is shutting down', fatal: true });
const lost: PlainInput = { type: 'disconnected', cause: 'ECONNRESET' };

function run(inputs: readonly PlainInput[], state: PlainState = initialPlainState('alice')): { state: PlainState; outputs: PlainOutput[] } {
  const outputs: PlainOutput[] = [];
  for (const input of inputs) {
    const step = reducePlain(state, input);
    state = step.state;
    outputs.push(...step.outputs);
  }
  return { state, outputs };
}
const exits = (outputs: PlainOutput[]) => outputs.filter((o) => o.type === 'exit').map((o) => (o as { code: number }).code);

describe('[PLAIN-EXIT] reducePlain exit codes', () => {
  test('0 after /close (or /quit) and the server closing', () => {
    for (const line of ['/close', '/CLOSE', '/quit bye']) {
      const { outputs } = run([{ type: 'connected' }, welcome, { type: 'line', text: line }, frame({ type: 'bye', reason: 'goodbye' }), { type: 'disconnected', cause: 'closed by server' }]);
      expect(outputs.filter((o) => o.type === 'send').map((o) => (o as { frame: { type: string } }).frame.type)).toEqual(['hello', 'quit']);
      expect(exits(outputs)).toEqual([EXIT_OK]);
    }
  });

  test('0 after end of input', () => {
    const { outputs } = run([{ type: 'connected' }, welcome, { type: 'input-ended' }, { type: 'disconnected', cause: 'closed by server' }]);
    expect(exits(outputs)).toEqual([EXIT_OK]);
  });

  test('2 for a taken or an invalid nickname, with the server\'s words on stderr', () => {
    for (const refusal of [taken, invalid]) {
      const { outputs, state } = run([{ type: 'connected' }, refusal]);
      expect(exits(outputs)).toEqual([EXIT_NICK]);
      expect(outputs).toContainEqual({ type: 'stderr', text: (refusal as { frame: { message: string } }).frame.message });
      expect(state.phase).toBe('done');
    }
    expect(EXIT_NICK).toBe(2);
  });

  test('1 when the connection is lost before the first welcome, or refused fatally; after it, a loss is reconnected [PLAIN-RECONNECT]', () => {
    expect(exits(run([{ type: 'connected' }, lost]).outputs)).toEqual([EXIT_CONNECTION]);
    expect(run([{ type: 'connected' }, lost]).outputs).toContainEqual({ type: 'stderr', text: 'connection lost: ECONNRESET' });
    expect(exits(run([{ type: 'connected' }, shutdown]).outputs)).toEqual([EXIT_CONNECTION]);
    const after = run([{ type: 'connected' }, welcome, lost]);
    expect(exits(after.outputs)).toEqual([]);
    expect(after.outputs).toContainEqual({ type: 'stderr', text: '* connection lost (ECONNRESET); reconnecting' });
    expect(after.state.phase).toBe('connecting');
    expect(EXIT_CONNECTION).toBe(1);
  });

  test('1 and the words of the driver when the first connection cannot be made', () => {
    const { outputs } = run([{ type: 'failed', cause: 'connection refused', server: '127.0.0.1:9', roundOver: true }], initialPlainState('alice', { server: '127.0.0.1:9' }));
    expect(outputs).toEqual([{ type: 'stderr', text: 'rxchat: cannot connect to 127.0.0.1:9: connection refused' }, { type: 'exit', code: EXIT_CONNECTION }]);
  });

  test('lines before the welcome are not sent; blank lines never are', () => {
    const { outputs } = run([{ type: 'connected' }, { type: 'line', text: 'too early' }, welcome, { type: 'line', text: '   ' }, { type: 'line', text: 'hi' }]);
    const said = outputs.filter((o) => o.type === 'send').map((o) => (o as { frame: { type: string; text?: string } }).frame);
    expect(said.map((f) => [f.type, f.text])).toEqual([['hello', undefined], ['say', 'hi']]);
  });

  const input: fc.Arbitrary<PlainInput> = fc.oneof(
    fc.constant<PlainInput>({ type: 'connected' }),
    fc.constantFrom(welcome, taken, invalid, shutdown, lost, frame({ type: 'bye', reason: 'x' }), frame({ type: 'message', id: 1, ts: 0, room: '#lobby', from: 'bob', text: 'hi' })),
    fc.constantFrom<PlainInput>({ type: 'line', text: 'hello' }, { type: 'line', text: '/close' }, { type: 'input-ended' }, { type: 'disconnected', cause: 'closed by server' }),
  );

  propTest.prop([fc.array(input, { maxLength: 25 })])('at most one exit, and nothing at all after it; a disconnection before any welcome always exits', (inputs) => {
    const { outputs } = run(inputs);
    const codes = exits(outputs);
    expect(codes.length).toBeLessThanOrEqual(1);
    const at = outputs.findIndex((o) => o.type === 'exit');
    if (at >= 0) expect(outputs.slice(at + 1)).toEqual([]);
    const firstWelcome = inputs.indexOf(welcome);
    const drop = inputs.findIndex((i) => i.type === 'disconnected');
    if (drop >= 0 && (firstWelcome < 0 || drop < firstWelcome)) expect(codes).toHaveLength(1);
    for (const code of codes) expect([EXIT_OK, EXIT_CONNECTION, EXIT_NICK]).toContain(code);
  });
});
