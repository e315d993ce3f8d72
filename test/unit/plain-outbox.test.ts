import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { emptyOutbox, enqueue, isDrained, settle, type PlainOutbox } from '../../src/plain-outbox.js';
import { initialPlainState, reducePlain, type PlainInput, type PlainState } from '../../src/plain-session.js';
import type { ClientFrame } from '../../src/protocol.js';

const say = (text: string): ClientFrame => ({ type: 'say', text, room: '#lobby' });
const join = (room: string): ClientFrame => ({ type: 'join', room });

describe('[PLAIN-PACE] the plain outbox', () => {
  test('commands keep their place behind an unanswered message', () => {
    let box: PlainOutbox = emptyOutbox;
    const first = enqueue(box, say('one'));
    expect(first.send).toEqual([{ ...say('one'), ref: 'p1' }]);
    box = enqueue(first.outbox, join('#dev')).outbox;
    const third = enqueue(box, say('in dev'));
    expect(third.send).toEqual([]);
    const answered = settle(third.outbox, 'p1')!;
    expect(answered.send).toEqual([join('#dev'), { ...say('in dev'), ref: 'p2' }]);
    expect(settle(answered.outbox, 'p1')).toBeUndefined();
    expect(isDrained(settle(answered.outbox, 'p2')!.outbox)).toBe(true);
  });

  fcTest.prop([fc.array(fc.oneof(fc.string().map(say), fc.constantFrom('#a', '#b').map(join)), { maxLength: 30 })])(
    'whatever is typed goes out once each, in order, with at most one message unanswered',
    (frames) => {
      let box: PlainOutbox = emptyOutbox;
      const out: ClientFrame[] = [];
      for (const frame of frames) {
        const pumped = enqueue(box, frame);
        box = pumped.outbox;
        out.push(...pumped.send);
      }
      // The server answers whatever is in flight until nothing is left.
      while (box.inFlight) {
        const pumped = settle(box, box.inFlight.ref)!;
        box = pumped.outbox;
        out.push(...pumped.send);
      }
      expect(isDrained(box)).toBe(true);
      expect(out.map(({ ref: _, ...f }: ClientFrame & { ref?: string }) => f)).toEqual(frames);
      const refs = out.flatMap((f) => ('ref' in f && f.ref ? [f.ref] : []));
      expect(new Set(refs).size).toBe(refs.length);
    },
  );
});


describe('plain session: renames and bans', () => {
  const feed = (state: PlainState, inputs: PlainInput[]) => {
    const outputs = [];
    for (const input of inputs) {
      const step = reducePlain(state, input);
      state = step.state;
      outputs.push(...step.outputs);
    }
    return { state, outputs };
  };
  const welcome: PlainInput = { type: 'frame', frame: { type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: ['alice', 'bob'], maxFrameBytes: 16384, maxTextLength: 4000 } };

  test('/ignore follows the person through a rename', () => {
    const { state, outputs } = feed(initialPlainState('alice'), [
      { type: 'connected' }, welcome, { type: 'line', text: '/ignore bob' },
      { type: 'frame', frame: { type: 'nick', old: 'bob', nick: 'robert', ts: 1 } },
      { type: 'frame', frame: { type: 'message', id: 1, ts: 1, room: '#lobby', from: 'robert', text: 'hidden' } },
    ]);
    expect(state.ignored).toEqual(['robert']);
    expect(outputs.filter((o) => o.type === 'stdout').map((o) => (o as { text: string }).text)).toEqual(['* bob is now known as robert']);
  });

  test('[PLAIN-EXIT] a ban while connected exits 1, a kick 0', () => {
    for (const [code, exit] of [['banned', 1], ['kicked', 0]] as const) {
      const { outputs } = feed(initialPlainState('alice'), [
        { type: 'connected' }, welcome,
        { type: 'frame', frame: { type: 'bye', reason: 'out', code } },
        { type: 'disconnected', cause: 'closed by server' },
      ]);
      expect(outputs.at(-1)).toEqual({ type: 'exit', code: exit });
    }
  });
});
