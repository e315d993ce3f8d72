import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { emptyOutbox, enqueue, isDrained, settle, type PlainOutbox } from '../../src/plain-outbox.js';
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
