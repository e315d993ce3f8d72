import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decodeLegacyLine, encodeLegacy } from '../../src/legacy-codec.js';
import { LOBBY, PROTOCOL_VERSION, type ServerFrame } from '../../src/protocol.js';
import { anyText, ERROR_CODES, serverFrame } from '../helpers/arbitraries.js';

const unregistered = { registered: false };
const registered = { registered: true };
const blank = fc.stringMatching(/^[ \t\r]*$/);
const nonBlank = anyText.filter((s) => s.trim().length > 0);

describe('[LEGACY] decodeLegacyLine', () => {
  test.prop([blank, fc.boolean()])('a blank line is nothing, registered or not', (line, reg) => {
    expect(decodeLegacyLine(line, { registered: reg })).toBeUndefined();
  });

  test.prop([nonBlank])('before TRUE, a line is a hello with the trimmed nickname', (line) => {
    expect(decodeLegacyLine(line, unregistered)).toEqual({ type: 'hello', version: PROTOCOL_VERSION, nick: line.trim() });
  });

  test.prop([nonBlank.filter((s) => !/^\/close\b/i.test(s.trim()))])('after TRUE, a line is said as it was typed (untrimmed)', (line) => {
    expect(decodeLegacyLine(line, registered)).toEqual({ type: 'say', text: line });
  });

  test.prop([fc.constantFrom('/close', '/CLOSE', '/Close', ' /close ', '/close bye now', '/close\t'), fc.string({ maxLength: 5 }).map((s) => s.replace(/\S/g, ' '))])(
    '[LEGACY-CLOSE] after TRUE, /close (any case, with words after it) is a quit',
    (line, pad) => {
      expect(decodeLegacyLine(pad + line, registered)).toEqual({ type: 'quit' });
    },
  );

  test('/closer is a message, not a quit; /close before TRUE is a nickname attempt', () => {
    expect(decodeLegacyLine('/closer', registered)).toEqual({ type: 'say', text: '/closer' });
    expect(decodeLegacyLine('/close', unregistered)).toEqual({ type: 'hello', version: PROTOCOL_VERSION, nick: '/close' });
  });
});

describe('[LEGACY] encodeLegacy', () => {
  test.prop([fc.boolean(), serverFrame])('welcome is TRUE with no newline; ack and pong have no words; the rest are lines or nothing', (reg, frame) => {
    const out = encodeLegacy(frame, { registered: reg });
    if (frame.type === 'welcome') expect(out).toBe('TRUE');
    else if (frame.type === 'ack' || frame.type === 'pong') expect(out).toBeUndefined();
    else if (out === 'FALSE') expect(!reg && frame.type === 'error' && ['NICK_TAKEN', 'NICK_INVALID'].includes(frame.code)).toBe(true);
    else if (out !== undefined) expect(out.endsWith('\n')).toBe(true);
  });

  test.prop([anyText, anyText, fc.boolean()])('a message in #lobby is "nick: text\\n", as the original server wrote it', (from, text, reg) => {
    const frame: ServerFrame = { type: 'message', id: 1, ts: 0, room: LOBBY, from, text };
    expect(encodeLegacy(frame, { registered: reg })).toBe(`${from}: ${text}\n`);
  });

  test.prop([fc.constantFrom(...ERROR_CODES), anyText, fc.boolean()])(
    'a refused nickname is FALSE before TRUE; every other error is a line of words',
    (code, message, fatal) => {
      const frame: ServerFrame = { type: 'error', code, message, fatal };
      const refusal = code === 'NICK_TAKEN' || code === 'NICK_INVALID';
      expect(encodeLegacy(frame, unregistered)).toBe(refusal ? 'FALSE' : `error: ${message}\n`);
      expect(encodeLegacy(frame, registered)).toBe(`error: ${message}\n`);
    },
  );

  test('presence and goodbye in the original words', () => {
    expect(encodeLegacy({ type: 'joined', ts: 0, room: '#lobby', nick: 'bob' }, registered)).toBe('bob joined!\n');
    expect(encodeLegacy({ type: 'left', ts: 0, room: '#lobby', nick: 'bob', reason: 'quit' }, registered)).toBe('bob disconnected!\n');
    expect(encodeLegacy({ type: 'left', ts: 0, room: '#lobby', nick: 'bob', reason: 'part' }, registered)).toBe('bob left!\n');
    expect(encodeLegacy({ type: 'bye', reason: 'goodbye' }, registered)).toBe('server: goodbye\n');
  });
});
