import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { describeNickProblem, foldNick, NICK_MAX, NICK_MIN, validateNick } from '../../src/nickname.js';
import { recased, validNick } from '../helpers/arbitraries.js';

const nickChar = fc.constantFrom(...'abcxyzABCXYZ0189_-');
const badChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[A-Za-z0-9_-]$/.test(c));

describe('nickname rules', () => {
  test.prop([validNick])('[NICK-LEN] [NICK-CHARS] 3 to 10 letters, digits, _ or - are accepted unchanged', (nick) => {
    expect(validateNick(nick)).toEqual({ ok: true, value: nick });
  });

  test.prop([fc.oneof(fc.string({ unit: nickChar, maxLength: NICK_MIN - 1 }), fc.string({ unit: nickChar, minLength: NICK_MAX + 1, maxLength: 40 }))])(
    '[NICK-LEN] fewer than 3 or more than 10 characters: length',
    (nick) => {
      expect(validateNick(nick)).toEqual({ ok: false, error: 'length' });
      expect(describeNickProblem('length')).toBe('nickname must be 3 to 10 characters');
    },
  );

  test.prop([validNick, badChar, fc.nat()])('[NICK-CHARS] one forbidden character (space, control, non-ASCII...) within the length: chars', (nick, bad, at) => {
    const i = at % nick.length;
    const candidate = nick.slice(0, i) + bad + nick.slice(i + 1);
    fc.pre(candidate.length >= NICK_MIN && candidate.length <= NICK_MAX);
    expect(validateNick(candidate)).toEqual({ ok: false, error: 'chars' });
  });

  test('[NICK-CHARS] look-alikes and terminal tricks are refused', () => {
    for (const nick of ['bob\u001b[2J', 'bób', 'bob smith', 'bob\n', 'bo\u0000b', 'ｂｏｂ', 'b.o.b']) {
      expect(validateNick(nick).ok).toBe(false);
    }
  });

  test.prop([validNick.chain((nick) => fc.tuple(fc.constant(nick), recased(nick)))])(
    '[NICK-CASE] nicknames that differ only by case fold to the same key',
    ([nick, other]) => {
      expect(foldNick(other)).toBe(foldNick(nick));
      expect(foldNick(foldNick(nick))).toBe(foldNick(nick));
    },
  );

  test.prop([validNick, validNick])('[NICK-CASE] nicknames that differ otherwise fold apart', (a, b) => {
    fc.pre(a.toLowerCase() !== b.toLowerCase());
    expect(foldNick(a)).not.toBe(foldNick(b));
  });
});
