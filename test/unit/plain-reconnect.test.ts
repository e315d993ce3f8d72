import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { STORAGE_RETRIES } from '../../src/plain-frames.js';
import { initialPlainState, reducePlain, type PlainInput, type PlainOutput, type PlainState } from '../../src/plain-session.js';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** [PLAIN-RECONNECT] [PLAIN-REPLAY] The plain client across drops, restarts and resumes, input by input. */

const frame = (f: object): PlainInput => ({ type: 'frame', frame: f as ServerFrame });
const welcome = (extra: object = {}) => frame({ type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: ['alice', 'bob'], maxFrameBytes: 16384, maxTextLength: 4000, resume: 's1', ...extra });
const line = (text: string): PlainInput => ({ type: 'line', text });
const ack = (ref: string, id: number) => frame({ type: 'ack', id, ts: 0, ref });
const msg = (id: number, text: string, extra: object = {}) => frame({ type: 'message', id, ts: 0, room: '#lobby', from: 'bob', text, ...extra });
const lost: PlainInput = { type: 'disconnected', cause: 'ECONNRESET' };
const retry = (attempt: number, at: number, delayMs = 500, server = 'h:1'): PlainInput => ({ type: 'retry-scheduled', attempt, delayMs, at, server });
const refused = (server = 'h:1', roundOver = true): PlainInput => ({ type: 'failed', cause: 'connection refused', server, roundOver });

function run(inputs: readonly PlainInput[], state: PlainState = initialPlainState('alice', { server: 'h:1', reconnectForMs: 10_000 })) {
  const outputs: PlainOutput[] = [];
  for (const input of inputs) {
    const step = reducePlain(deepFreeze(state), input);
    state = step.state;
    outputs.push(...step.outputs);
  }
  return { state, outputs };
}
const sent = (outputs: PlainOutput[]) => outputs.flatMap((o) => (o.type === 'send' ? [o.frame] : []));
const stdout = (outputs: PlainOutput[]) => outputs.flatMap((o) => (o.type === 'stdout' ? [o.text] : []));
const stderr = (outputs: PlainOutput[]) => outputs.flatMap((o) => (o.type === 'stderr' ? [o.text] : []));
const exits = (outputs: PlainOutput[]) => outputs.flatMap((o) => (o.type === 'exit' ? [o.code] : []));
const lobby = frame({ type: 'room', room: '#lobby', topic: null, topicLocked: false, members: ['alice', 'bob'] });
const chatting = [{ type: 'connected' } as const, welcome(), lobby];

describe('[PLAIN-RECONNECT] reducePlain after a drop', () => {
  test('resumes with the secret of the last welcome and sends the unacknowledged message again with its ref; lines typed offline wait', () => {
    const before = run([...chatting, line('one'), lost, line('two'), retry(1, 1000), { type: 'connected' }]);
    expect(sent(before.outputs)).toEqual([
      { type: 'hello', version: 1, nick: 'alice' },
      { type: 'say', text: 'one', room: '#lobby', ref: 'p1' },
      { type: 'hello', version: 1, nick: 'alice', resume: 's1' },
    ]);
    const back = run([welcome({ resumed: true, resume: 's2' }), ack('p1', 7), ack('p2', 8), lost, { type: 'connected' }], before.state);
    expect(sent(back.outputs)).toEqual([
      { type: 'ping', ref: 'replay-1' },
      { type: 'say', text: 'one', room: '#lobby', ref: 'p1' },
      { type: 'say', text: 'two', room: '#lobby', ref: 'p2' },
      { type: 'hello', version: 1, nick: 'alice', resume: 's2', seen: 8 }, // [RESUME-SEEN] the newest id it has had
    ]);
    expect(stderr(back.outputs)).toContain('* reconnected as alice (session resumed)');
    expect(exits([...before.outputs, ...back.outputs])).toEqual([]);
  });

  test('a server that forgot the session: the rooms are joined again, then the ping that ends the replay, then the messages', () => {
    const { outputs } = run([...chatting, frame({ type: 'room', room: '#dev', topic: null, topicLocked: false, members: ['alice'] }), line('hi'), lost, { type: 'connected' }, welcome({ resume: 's2' })]);
    expect(sent(outputs).slice(-3)).toEqual([{ type: 'join', room: '#dev' }, { type: 'ping', ref: 'replay-1' }, { type: 'say', text: 'hi', room: '#dev', ref: 'p1' }]);
    expect(stderr(outputs)).toContain('* reconnected as alice; joining #dev again');
  });

  test('[PLAIN-REPLAY] what was printed is not printed again; what was missed prints as live; own messages never; after the pong, history is history', () => {
    const { outputs, state } = run([
      ...chatting, msg(3, 'seen'), line('mine'), ack('p1', 4), lost, { type: 'connected' }, welcome({ resumed: true }),
      frame({ type: 'room', room: '#lobby', topic: null, topicLocked: false, members: ['alice', 'bob'] }),
      msg(3, 'seen', { history: true }), msg(4, 'mine', { history: true, from: 'alice' }),
      msg(5, 'missed', { history: true }), frame({ type: 'pong', ts: 0, ref: 'replay-1' }), msg(3, 'seen', { history: true }),
    ]);
    expect(stdout(outputs)).toEqual(['bob: seen', 'bob: missed', '[history] bob: seen']);
    expect(state.replay).toBeUndefined();
  });

  test('[PLAIN-REPLAY] a server that restarted in memory counts ids from 1 again: its replay is new by its times', () => {
    const { outputs } = run([
      ...chatting, msg(40, 'before', { ts: 1000 }), lost, { type: 'connected' }, welcome(), lobby,
      msg(2, 'after the restart', { history: true, ts: 2000 }), msg(40, 'before', { history: true, ts: 1000 }),
    ]);
    expect(stdout(outputs)).toEqual(['bob: before', 'bob: after the restart']);
  });

  test('[PLAIN-REPLAY] replayed messages that share a millisecond all print: the replay is compared with the marks of the drop', () => {
    const { outputs } = run([
      ...chatting, msg(56, 'before', { ts: 1000 }), lost, { type: 'connected' }, welcome(), lobby,
      msg(1, 'a', { history: true, ts: 2000 }), msg(2, 'b', { history: true, ts: 2000 }), msg(3, 'c', { history: true, ts: 2001 }), msg(4, 'd', { history: true, ts: 2001 }),
    ]);
    expect(stdout(outputs)).toEqual(['bob: before', 'bob: a', 'bob: b', 'bob: c', 'bob: d']);
  });

  test('a goodbye for a shutdown is reconnected; quit, kick and no code leave with 0; a ban with 1', () => {
    const shutdown = run([...chatting, frame({ type: 'bye', reason: 'server shutting down', code: 'shutdown' }), { type: 'disconnected', cause: 'closed by server' }]);
    expect(exits(shutdown.outputs)).toEqual([]);
    expect(shutdown.state.phase).toBe('connecting');
    expect(stderr(shutdown.outputs)[1]).toBe('* server closed the connection: server shutting down; reconnecting');
    for (const [code, exit] of [['kicked', 0], ['quit', 0], [undefined, 0], ['resumed', 0], ['banned', 1]] as const) {
      const { outputs } = run([...chatting, frame({ type: 'bye', reason: 'x', ...(code ? { code } : {}) }), { type: 'disconnected', cause: 'closed by server' }]);
      expect(exits(outputs), String(code)).toEqual([exit]);
    }
  });

  test('gives up with 1 once the next attempt would fall past --reconnect-for, naming what was not sent', () => {
    const { outputs } = run([...chatting, line('one'), line('two'), lost, retry(1, 1000, 500), refused(), retry(2, 1500, 4000), retry(3, 5500, 8000)]);
    expect(exits(outputs)).toEqual([1]);
    expect(stderr(outputs).slice(-3)).toEqual([
      'rxchat: gave up reconnecting to h:1 after 5 s offline (connection refused); 2 messages not sent',
      'not sent: one', 'not sent: two',
    ]);
    expect(stderr(outputs)).toContain('* reconnecting to h:1 in 4.0 s (attempt 2)');
  });

  test('--reconnect-for 0 gives up at the first drop', () => {
    const { outputs } = run([...chatting, lost, retry(1, 0)], initialPlainState('alice', { reconnectForMs: 0 }));
    expect(exits(outputs)).toEqual([1]);
  });

  test('the end of input while offline leaves once reconnected and drained', () => {
    const { outputs } = run([...chatting, line('last'), lost, { type: 'input-ended' }, { type: 'connected' }, welcome({ resumed: true }), ack('p1', 9), frame({ type: 'bye', reason: 'goodbye', code: 'quit' }), { type: 'disconnected', cause: 'closed by server' }]);
    expect(sent(outputs).slice(-2)).toEqual([{ type: 'say', text: 'last', room: '#lobby', ref: 'p1' }, { type: 'quit' }]);
    expect(exits(outputs)).toEqual([0]);
  });

  test('a passing fatal refusal while registering again waits for the next attempt; a taken nickname exits 2', () => {
    const down = run([...chatting, lost, { type: 'connected' }, frame({ type: 'error', code: 'SERVER_SHUTDOWN', message: 'server is shutting down', fatal: true })]);
    expect(exits(down.outputs)).toEqual([]);
    const taken = run([...chatting, lost, { type: 'connected' }, frame({ type: 'error', code: 'NICK_TAKEN', message: 'nickname "alice" is taken', fatal: false })]);
    expect(exits(taken.outputs)).toEqual([2]);
  });

  test('[STORAGE-FAILED] a message the server could not store is sent again later, at most STORAGE_RETRIES times', () => {
    const refused = frame({ type: 'error', code: 'STORAGE_FAILED', message: 'storage failed', fatal: false, ref: 'p1' });
    const once = run([...chatting, line('keep me'), refused]);
    expect(once.outputs.at(-1)).toEqual({ type: 'schedule', delayMs: 1000, input: { type: 'retry', ref: 'p1' } });
    const again = run([{ type: 'retry', ref: 'p1' }], once.state);
    expect(sent(again.outputs)).toEqual([{ type: 'say', text: 'keep me', room: '#lobby', ref: 'p1' }]);
    const many = run(Array.from({ length: STORAGE_RETRIES + 1 }, () => refused), once.state);
    expect(stderr(many.outputs).at(-1)).toBe('error: storage failed');
    expect(many.state.outbox.inFlight).toBeUndefined();
  });

  test('a stale retry (the message was answered, or is another) sends nothing', () => {
    const { outputs } = run([...chatting, line('one'), ack('p1', 1), line('two'), { type: 'retry', ref: 'p1' }]);
    expect(sent(outputs).filter((f) => f.type === 'say').map((f) => (f as { ref: string }).ref)).toEqual(['p1', 'p2']);
  });

  const server: fc.Arbitrary<PlainInput> = fc.oneof(
    fc.constantFrom<PlainInput>({ type: 'connected' }, welcome(), welcome({ resumed: true }), lost, retry(1, 0)),
    fc.integer({ min: 1, max: 20 }).map((n) => ack(`p${n}`, n)),
  );
  propTest.prop([fc.array(fc.string({ minLength: 1, maxLength: 5 }).filter((t) => !t.startsWith('/') && t.trim() !== ''), { maxLength: 8 }), fc.array(server, { maxLength: 30 })])(
    'across any drops and resumes, every line goes out in order under one ref each, and an answered one never again',
    (lines, events) => {
      let state = run(chatting).state;
      const out: ClientFrame[] = [];
      const answered = new Set<string>();
      const feed = (input: PlainInput) => {
        // The client takes an ack only for the message in flight (a server acks only what it got).
        if (input.type === 'frame' && input.frame.type === 'ack' && input.frame.ref === state.outbox.inFlight?.ref) answered.add(input.frame.ref!);
        const step = reducePlain(state, input);
        state = step.state;
        for (const f of sent(step.outputs)) {
          // A message goes out again only while it is unanswered.
          if (f.type === 'say') expect(answered.has((f as { ref: string }).ref)).toBe(false);
          out.push(f);
        }
      };
      lines.forEach((text, i) => {
        feed(line(text));
        for (const e of events.slice(i * 4, i * 4 + 4)) if (state.phase !== 'done') feed(e);
      });
      const says = out.filter((f): f is ClientFrame & { type: 'say'; ref: string; text: string } => f.type === 'say');
      const firsts = [...new Map(says.map((f) => [f.ref, f.text])).entries()];
      expect(firsts.map(([, text]) => text)).toEqual(lines.slice(0, firsts.length));
      firsts.forEach(([ref], i) => expect(ref).toBe(`p${i + 1}`));
    },
  );
});

describe('[TUI-SESSION-IDS] the plain client after a welcome that did not resume', () => {
  // A server restarted in memory counts its ids from 1 again: the old ones say nothing about it.
  const restarted = [lost, { type: 'connected' } as const, welcome({ resume: 's2' }), lobby];
  test('[RESUME-SEEN] the next resume names the newest id of the new session, not the old one\'s', () => {
    const { outputs } = run([...chatting, msg(42, 'old'), ...restarted, msg(3, 'new', { ts: 5 }), lost, { type: 'connected' }]);
    expect(sent(outputs).at(-1)).toEqual({ type: 'hello', version: 1, nick: 'alice', resume: 's2', seen: 3 });
    expect(stdout(outputs)).toEqual(['bob: old', 'bob: new']);
  });

  test('[HISTORY-PAGE] /history more pages back from the oldest id of the new session', () => {
    const { outputs } = run([...chatting, msg(2, 'old'), ...restarted, msg(30, 'new', { ts: 5 }), line('/history more 10')]);
    expect(sent(outputs).at(-1)).toEqual({ type: 'history', room: '#lobby', limit: 10, before: 30 });
  });
});
