import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  formatIrcLine, IRC_BODY_MAX, IRC_TAGS_MAX, parseIrcLine, utf8Length, type IrcMessage,
} from '../../src/irc/irc-message.js';
import { carryFormatting, restoreFormatting, stripFormatting } from '../../src/irc/irc-format.js';
import { neutralizeControls } from '../../src/text-hygiene.js';

const anyString = fc.string({ unit: 'binary', maxLength: 80 });
const word = fc.stringMatching(/^[A-Za-z0-9_#.!@*-]{1,12}$/);
const command = fc.oneof(fc.stringMatching(/^[A-Z]{1,10}$/), fc.stringMatching(/^\d{3}$/));
const middle = fc.stringMatching(/^[^\0\r\n :][^\0\r\n ]{0,15}$/);
const trailing = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\0\r\n]/g, ''));
const tagKey = fc.stringMatching(/^\+?[A-Za-z][A-Za-z0-9-]{0,10}$/);
const tagValue = fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/\0/g, ''));

/** Messages whose fields the wire can carry exactly (no CR/LF/NUL anywhere but escaped tag values). */
const message: fc.Arbitrary<IrcMessage> = fc.record({
  tags: fc.option(fc.dictionary(tagKey, tagValue, { minKeys: 1, maxKeys: 4 }), { nil: undefined }),
  source: fc.option(word, { nil: undefined }),
  command,
  params: fc.tuple(fc.array(middle, { maxLength: 5 }), fc.option(trailing, { nil: undefined }))
    .map(([m, t]) => (t === undefined ? m : [...m, t])),
}).map(({ tags, source, ...rest }) => ({
  ...(tags === undefined ? {} : { tags: Object.assign(Object.create(null) as Record<string, string>, tags) }),
  ...(source === undefined ? {} : { source }),
  ...rest,
}));

describe('[IRC-LINE] parseIrcLine and formatIrcLine', () => {
  test.prop([message])('a message survives formatting and parsing unchanged', (m) => {
    const line = formatIrcLine(m);
    expect(line.endsWith('\r\n')).toBe(true);
    const parsed = parseIrcLine(line.slice(0, -2));
    expect(parsed).toEqual({ ok: true, value: { ...m, params: [...m.params] } });
  });

  test.prop([anyString])('any garbage gives a message or a reason, never a throw', (line) => {
    const result = parseIrcLine(line);
    if (result.ok) expect(result.value.command).toMatch(/^(?:[A-Z]+|\d{3})$/);
    else expect(['empty', 'too-long', 'bad-char', 'no-command']).toContain(result.error);
  });

  test.prop([fc.record({
    source: fc.option(anyString, { nil: undefined }), command: anyString, params: fc.array(anyString, { maxLength: 6 }),
    tags: fc.option(fc.dictionary(anyString, anyString, { maxKeys: 3 }), { nil: undefined }),
  })])('[IRC-INJECTION] whatever the fields hold, formatting gives exactly one line with no NUL', (fields) => {
    const m = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as IrcMessage;
    const line = formatIrcLine(m);
    expect(line.indexOf('\r\n')).toBe(line.length - 2);
    expect(line.slice(0, -2)).not.toMatch(/[\0\r\n]/);
  });

  test('the parts of a line: tags with escapes, source, command, middles, trailing with spaces', () => {
    const parsed = parseIrcLine('@time=2026-01-01T00:00:00Z;+x=a\\sb\\:c\\\\d;flag :nick!u@h privmsg #room :hello  there :)');
    expect(parsed).toEqual({
      ok: true,
      value: {
        tags: Object.assign(Object.create(null), { time: '2026-01-01T00:00:00Z', '+x': 'a b;c\\d', flag: '' }),
        source: 'nick!u@h', command: 'PRIVMSG', params: ['#room', 'hello  there :)'],
      },
    });
    expect(parseIrcLine('NICK   alice   ')).toEqual({ ok: true, value: { command: 'NICK', params: ['alice'] } });
    expect(parseIrcLine('PING :')).toEqual({ ok: true, value: { command: 'PING', params: [''] } });
  });

  test('blank lines are empty; NUL and lone CR refuse the line; a bad command word is no command', () => {
    expect(parseIrcLine('')).toEqual({ ok: false, error: 'empty' });
    expect(parseIrcLine('   ')).toEqual({ ok: false, error: 'empty' });
    expect(parseIrcLine('PRIVMSG #a :x\0QUIT')).toEqual({ ok: false, error: 'bad-char' });
    expect(parseIrcLine('PRIVMSG #a :x\rQUIT')).toEqual({ ok: false, error: 'bad-char' });
    expect(parseIrcLine('12 x')).toEqual({ ok: false, error: 'no-command' });
    expect(parseIrcLine(':only-a-source')).toEqual({ ok: false, error: 'no-command' });
  });

  test('[IRC-LINE-MAX] 512 bytes with CR LF without tags, and 8191 bytes of tags on top', () => {
    const body = (n: number) => `PRIVMSG #a :${'x'.repeat(n - 'PRIVMSG #a :'.length)}`;
    expect(parseIrcLine(body(IRC_BODY_MAX - 2)).ok).toBe(true);
    expect(parseIrcLine(body(IRC_BODY_MAX - 1))).toEqual({ ok: false, error: 'too-long' });
    const tags = (n: number) => `@k=${'v'.repeat(n - 4)}`;
    expect(parseIrcLine(`${tags(IRC_TAGS_MAX)} ${body(IRC_BODY_MAX - 2)}`).ok).toBe(true);
    expect(parseIrcLine(`${tags(IRC_TAGS_MAX + 1)} PING x`)).toEqual({ ok: false, error: 'too-long' });
    // Multi-byte characters count as their bytes.
    expect(parseIrcLine(`PRIVMSG #a :${'é'.repeat(250)}`)).toEqual({ ok: false, error: 'too-long' });
  });

  test('[IRC-INJECTION] a trailing parameter with CR LF cannot start a second command', () => {
    const line = formatIrcLine({ command: 'PRIVMSG', params: ['#a', 'hi\r\nQUIT :bye'] });
    expect(line).toBe('PRIVMSG #a :hi  QUIT :bye\r\n');
    expect(formatIrcLine({ command: 'KICK', params: ['#a b', '', ':x', 'y'] })).toBe('KICK #a_b * _:x :y\r\n');
  });

  test.prop([anyString])('utf8Length agrees with TextEncoder', (text) => {
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
});

describe('[IRC-FORMAT] formatting codes survive the room for IRC readers only', () => {
  const formatted = fc.array(fc.oneof(
    fc.constantFrom('\x02', '\x03', '\x034', '\x0312,04', '\x04FF0000', '\x0f', '\x11', '\x16', '\x1d', '\x1e', '\x1f'),
    fc.string({ maxLength: 8 }).map((s) => s.replace(/[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef]/g, '')),
  ), { maxLength: 8 }).map((parts) => parts.join(''));

  test.prop([formatted])('carried through [TEXT-HYGIENE], an IRC reader gets the very codes back', (text) => {
    expect(restoreFormatting(neutralizeControls(carryFormatting(text)))).toBe(text);
  });

  test.prop([formatted])('a native reader gets no control character and no carrier', (text) => {
    const plain = stripFormatting(neutralizeControls(carryFormatting(text)));
    expect(plain).not.toMatch(/[\x00-\x1f\ufdd0-\ufdef]/);
  });

  test('colour digits go with the colour code; plain text is the same reference', () => {
    expect(stripFormatting(carryFormatting('\x0312,04red\x03 and \x02bold\x02 \x04FF0000hex'))).toBe('red and bold hex');
    const plain = 'nothing to strip';
    expect(stripFormatting(plain)).toBe(plain);
    expect(carryFormatting(plain)).toBe(plain);
  });
});
