import { fc, test } from '@fast-check/vitest';
import { from, toArray, type Observable } from 'rxjs';
import { describe, expect } from 'vitest';
import { encodeFrame } from '../../src/native-codec.js';
import { sniffMainPort } from '../../streams/adapters/registry.js';
import { frameInbound, type InboundItem } from '../../streams/frame-inbound.js';
import { splitFrames } from '../../streams/split-frames.js';
import { chunkAt, clientFrame } from '../helpers/arbitraries.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs a synchronous source through an operator and returns what came out, readably. */
function collect(items$: Observable<InboundItem>): string[] {
  let out: string[] = [];
  items$.pipe(toArray()).subscribe((all) => {
    out = all.map((i) => (i.kind === 'line' ? decoder.decode(i.bytes) : i.kind === 'protocol' ? `<${i.adapter.id}>` : '<overflow>'));
  });
  return out;
}

const limits = (max: number) => ({ maxFrameBytes: max, maxTextLength: max });
const cuts = fc.array(fc.nat(), { maxLength: 30 });
/** Lines a peer may send, in any script, with no line break inside. */
const textLine = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' '));
const blankPrefix = fc.stringMatching(/^[ \t\r\n]{0,4}$/);

describe('[FRAMING] [SNIFF] frameInbound: any chunking gives the same frames', () => {
  test.prop([fc.array(clientFrame, { minLength: 1, maxLength: 8 }), cuts])('native frames, split anywhere (mid-UTF-8 too)', (frames, at) => {
    const wire = encoder.encode(frames.map(encodeFrame).join(''));
    const expected = ['<native>', ...frames.map((f) => encodeFrame(f).slice(0, -1))];
    expect(collect(from(chunkAt(wire, at)).pipe(frameInbound(sniffMainPort, limits(1 << 20))))).toEqual(expected);
  });

  test.prop([blankPrefix, fc.array(clientFrame, { minLength: 1, maxLength: 4 }), cuts])(
    'blank bytes before the first frame never change what comes out, however they are chunked',
    (prefix, frames, at) => {
      const wire = encoder.encode(prefix + frames.map(encodeFrame).join(''));
      const whole = collect(from([wire]).pipe(frameInbound(sniffMainPort, limits(1 << 20))));
      expect(collect(from(chunkAt(wire, at)).pipe(frameInbound(sniffMainPort, limits(1 << 20))))).toEqual(whole);
    },
  );

  test.prop([fc.array(textLine, { minLength: 1, maxLength: 10 }), cuts, fc.integer({ min: 1, max: 40 })])(
    'splitFrames: lines over the limit are one overflow each, whatever the chunking',
    (lines, at, max) => {
      const wire = encoder.encode(lines.map((l) => l + '\n').join(''));
      const out: string[] = [];
      from(chunkAt(wire, at)).pipe(splitFrames(max)).subscribe((i) => out.push(i.kind === 'line' ? decoder.decode(i.bytes) : '<overflow>'));
      expect(out).toEqual(lines.map((l) => (encoder.encode(l).length > max ? '<overflow>' : l)));
    },
  );

  test.prop([fc.array(textLine, { minLength: 1, maxLength: 10 }), cuts, fc.integer({ min: 1, max: 40 })])(
    'splitFrames: CRLF endings give the same lines, and the same overflows, as LF endings, whatever the chunking',
    (lines, at, max) => {
      const run = (ending: string) => {
        const out: string[] = [];
        const wire = encoder.encode(lines.map((l) => l + ending).join(''));
        from(chunkAt(wire, at)).pipe(splitFrames(max)).subscribe((i) => out.push(i.kind === 'line' ? decoder.decode(i.bytes) : '<overflow>'));
        return out;
      };
      expect(run('\r\n')).toEqual(run('\n'));
    },
  );

  test.prop([fc.array(textLine.filter((l) => l.trim().length > 0 && !l.trimStart().startsWith('{')), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 })])(
    '[LEGACY-FRAMING] one legacy packet is one message, even when a character in it is split across reads; its trailing blanks wait for the next ([LEGACY-STREAM])',
    (packets, splits) => {
      // Cut each packet only inside a multi-byte character: TCP may do that, the original client never meant it.
      const chunks: Uint8Array[] = [];
      packets.forEach((p, i) => {
        const bytes = encoder.encode(p);
        const inside = [...bytes.keys()].filter((k) => k > 0 && (bytes[k]! & 0xc0) === 0x80);
        const cut = inside.length > 0 && splits[i] !== undefined ? inside[splits[i]! % inside.length] : undefined;
        if (cut === undefined) chunks.push(bytes);
        else chunks.push(bytes.subarray(0, cut), bytes.subarray(cut));
      });
      // Blanks before the first packet (the nickname, which the server trims anyway) are dropped.
      // A packet's trailing blanks may be the start of the next one's text: they go with it.
      const trailing = (p: string) => p.slice(p.trimEnd().length);
      const expected = packets.map((p, i) => (i === 0 ? p.replace(/^[ \t\r\n]+/, '') : trailing(packets[i - 1]!) + p).trimEnd());
      expect(collect(from(chunks).pipe(frameInbound(sniffMainPort, limits(1 << 20))))).toEqual(['<legacy>', ...expected]);
    },
  );
});
