import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Writable } from 'node:stream';
import * as ws from 'ws';
import { wsTextFrames } from '../../src/ws-text-frames.js';

/** `ws`'s frame parser: exported by the package, not declared by its types. */
const Receiver = (ws as unknown as { Receiver: new (options: object) => Writable }).Receiver;

/** Reads `bytes` with `ws`'s own client-side frame parser: each message's text, in order. */
function readWithWs(bytes: Uint8Array): Promise<{ texts: string[]; error?: Error }> {
  return new Promise((resolve) => {
    const texts: string[] = [];
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, isBinary: boolean) => texts.push(isBinary ? '<binary>' : data.toString('utf8')));
    receiver.on('error', (error: Error) => resolve({ texts, error }));
    receiver.write(Buffer.from(bytes), () => resolve({ texts }));
  });
}

const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\n', ' '));
// Lengths on both sides of the 7-bit, 16-bit and 64-bit length forms.
const long = fc.constantFrom(125, 126, 127, 65_535, 65_536, 70_000).map((n) => 'x'.repeat(n));

describe('[WS-FRAMES] wsTextFrames', () => {
  test.prop([fc.array(fc.oneof({ weight: 8, arbitrary: line }, { weight: 1, arbitrary: long }), { maxLength: 12 }), fc.boolean()])(
    'a WebSocket client reads every line of a batch as one text message, in order, LF-less',
    async (lines, lastEnded) => {
      const batch = new TextEncoder().encode(lines.map((l, i) => l + (i < lines.length - 1 || lastEnded ? '\n' : '')).join(''));
      const { texts, error } = await readWithWs(wsTextFrames(batch));
      expect(error).toBeUndefined();
      // An unended empty last line is no message: there is nothing after the last LF.
      const expected = !lastEnded && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
      expect(texts).toEqual(expected);
    },
  );

  test('the empty batch frames to nothing; a single message is its header and its bytes', () => {
    expect(wsTextFrames(new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect([...wsTextFrames(new TextEncoder().encode('{"a":1}\n'))]).toEqual([0x81, 7, ...new TextEncoder().encode('{"a":1}')]);
  });
});
