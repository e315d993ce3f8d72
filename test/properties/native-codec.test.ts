import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decodeClientFrame, decodeServerFrame, encodeFrame } from '../../src/native-codec.js';
import {
  ackFrame, anyText, byeFrame, clientFrame, errorFrame, helloFrame, joinedFrame, leftFrame, messageFrame, pingFrame,
  pongFrame, quitFrame, sayFrame, serverFrame, welcomeFrame,
} from '../helpers/arbitraries.js';

const encoder = new TextEncoder();
const DECODE_CODES = ['BAD_JSON', 'BAD_UTF8', 'BAD_FRAME', 'UNKNOWN_TYPE'];
const CLIENT_TYPES = ['hello', 'say', 'ping', 'quit'];
const SERVER_TYPES = ['welcome', 'message', 'ack', 'joined', 'left', 'pong', 'error', 'bye'];

/** The line without its newline, as a decoder receives it from the framing. */
const line = (text: string) => text.slice(0, -1);

describe('[FRAME-SHAPE] round trips', () => {
  const clientCases = { hello: helloFrame, say: sayFrame, ping: pingFrame, quit: quitFrame };
  for (const [type, arb] of Object.entries(clientCases)) {
    test.prop([arb as fc.Arbitrary<never>])(`decodeClientFrame(encodeFrame(f)) = f for ${type}, as text and as UTF-8 bytes`, (f) => {
      const wire = encodeFrame(f);
      expect(decodeClientFrame(line(wire))).toEqual({ ok: true, value: f });
      expect(decodeClientFrame(encoder.encode(line(wire)))).toEqual({ ok: true, value: f });
    });
  }

  const serverCases = {
    welcome: welcomeFrame, message: messageFrame, ack: ackFrame, joined: joinedFrame,
    left: leftFrame, pong: pongFrame, error: errorFrame, bye: byeFrame,
  };
  for (const [type, arb] of Object.entries(serverCases)) {
    test.prop([arb as fc.Arbitrary<never>])(`decodeServerFrame(encodeFrame(f)) = f for ${type}, as text and as UTF-8 bytes`, (f) => {
      const wire = encodeFrame(f);
      expect(decodeServerFrame(line(wire))).toEqual({ ok: true, value: f });
      expect(decodeServerFrame(encoder.encode(line(wire)))).toEqual({ ok: true, value: f });
    });
  }

  test.prop([fc.oneof(clientFrame, serverFrame)])('a frame is exactly one line: one LF, at the end', (f) => {
    const wire = encodeFrame(f);
    expect(wire.endsWith('\n')).toBe(true);
    expect(wire.indexOf('\n')).toBe(wire.length - 1);
  });

  test.prop([clientFrame, fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !['type', 'version', 'nick', 'text', 'ref', 'reason'].includes(k)), anyText)])(
    'unknown extra fields are dropped, never passed on to the core',
    (f, extra) => {
      const decoded = decodeClientFrame(JSON.stringify({ ...extra, ...f }));
      expect(decoded).toEqual({ ok: true, value: f });
      if (decoded.ok) expect(Object.keys(decoded.value).sort()).toEqual(Object.keys(f).sort());
    },
  );
});

describe('decoders never throw on peer input, and answer with stable codes', () => {
  const anyBytes = fc.uint8Array({ maxLength: 64 });
  const jsonish = fc.oneof(
    fc.json(),
    anyText,
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.record({ type: fc.oneof(fc.constantFrom(...CLIENT_TYPES, ...SERVER_TYPES, '__proto__', 'constructor', 'toString'), anyText) }, { requiredKeys: [] })
      .chain((base) => fc.dictionary(fc.constantFrom('version', 'nick', 'text', 'ref', 'reason', 'id', 'ts', 'room', 'members', 'code', 'fatal', 'message', 'from'), fc.jsonValue())
        .map((fields) => JSON.stringify({ ...fields, ...base }))),
  );

  for (const [name, decode] of [
    ['decodeClientFrame', decodeClientFrame],
    ['decodeServerFrame', decodeServerFrame],
  ] as const) {
    test.prop([fc.oneof(anyBytes, jsonish, jsonish.map((s) => encoder.encode(s)))])(`${name}: a result for anything, ok or one of the four codes`, (input) => {
      const decoded = decode(input);
      // The set of frame types grows with the protocol: an accepted frame must only be stable.
      if (decoded.ok) expect(decode(line(encodeFrame(decoded.value)))).toEqual(decoded);
      else {
        expect(DECODE_CODES).toContain(decoded.error.code);
        expect(typeof decoded.error.message).toBe('string');
      }
    });
  }

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 32 }).filter((b) => !isUtf8(b))])('invalid UTF-8 is BAD_UTF8', (bytes) => {
    expect(code(decodeClientFrame(bytes))).toBe('BAD_UTF8');
    expect(code(decodeServerFrame(bytes))).toBe('BAD_UTF8');
  });

  test.prop([anyText.filter((s) => !parses(s))])('text that is not JSON is BAD_JSON', (s) => {
    expect(code(decodeClientFrame(s))).toBe('BAD_JSON');
  });

  test.prop([fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))])(
    'JSON that is not an object is BAD_FRAME',
    (v) => {
      expect(code(decodeClientFrame(JSON.stringify(v)))).toBe('BAD_FRAME');
    },
  );

  test.prop([fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }))])(
    'an object without a string type is BAD_FRAME',
    (type) => {
      expect(code(decodeClientFrame(JSON.stringify({ type })))).toBe('BAD_FRAME');
      expect(code(decodeClientFrame('{}'))).toBe('BAD_FRAME');
    },
  );

  test.prop([anyText.filter((t) => !/^[a-z-]{1,12}$/.test(t))])('an unknown type is UNKNOWN_TYPE, inherited names too', (type) => {
    expect(code(decodeClientFrame(JSON.stringify({ type })))).toBe('UNKNOWN_TYPE');
    for (const t of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(code(decodeClientFrame(JSON.stringify({ type: t })))).toBe('UNKNOWN_TYPE');
    }
  });

  test.prop([
    fc.constantFrom<[string, string]>(['hello', 'version'], ['hello', 'nick'], ['say', 'text']),
    fc.oneof(fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
  ])('a required field missing or of the wrong kind is BAD_FRAME', ([type, field], wrong) => {
    const valid: Record<string, unknown> = { hello: { type, version: 1, nick: 'bob' }, say: { type, text: 'hi' } }[type] as never;
    expect(code(decodeClientFrame(JSON.stringify({ ...valid, [field]: wrong })))).toBe('BAD_FRAME');
    const { [field]: _dropped, ...missing } = valid;
    expect(code(decodeClientFrame(JSON.stringify(missing)))).toBe('BAD_FRAME');
  });

  test('numbers must be finite: 1e999 parses as Infinity and is BAD_FRAME', () => {
    expect(code(decodeClientFrame('{"type":"hello","version":1e999,"nick":"bob"}'))).toBe('BAD_FRAME');
  });
});

function code(result: { ok: boolean; error?: { code: string } }): string {
  return result.ok ? 'ok' : result.error!.code;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
