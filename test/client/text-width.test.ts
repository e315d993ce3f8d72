import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { backoffDelay } from '../../src/client/backoff.js';
import type { Entry } from '../../src/client/client-entry.js';
import { formatEntry } from '../../src/client/format-entry.js';
import { nickColour } from '../../src/client/nick-colour.js';
import { textWidth, wrapText } from '../../src/client/text-width.js';

const word = fc.constantFrom('a', 'hello', ' ', '  ', '你好', '😀', 'e\u0301', 'verylongwordwithoutspaces', '👩‍💻', '✅');
const text = fc.array(word, { maxLength: 30 }).map((w) => w.join(''));

describe('[TUI-WIDTH] measuring and wrapping', () => {
  test('wide characters and emoji take two cells, combining marks none', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('你好')).toBe(4);
    expect(textWidth('😀')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('✅')).toBe(2);
  });

  test.prop([text, fc.integer({ min: 2, max: 60 })])('no wrapped row is wider than the width, and no visible character is lost', (t, width) => {
    const rows = wrapText(t, width);
    for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(width);
    expect(rows.join('').replace(/ /g, '')).toBe(t.replace(/ /g, ''));
  });

  test.prop([
    fc.constantFrom<Entry['kind']>('message', 'own', 'private', 'found', 'system'), text, fc.integer({ min: 10, max: 100 }),
  ])('[TUI-FORMAT] every entry kind formats to rows that fit the pane', (kind, t, width) => {
    const base = { seq: 1, session: 0, ts: 0, text: t };
    const entry: Entry = kind === 'message' ? { ...base, kind, room: '#lobby', from: 'bob', mention: false, action: false, history: false }
      : kind === 'own' ? { ...base, kind, room: '#lobby', from: 'alice', to: undefined, action: false, ref: 'm1', delivery: 'sent' }
        : kind === 'private' ? { ...base, kind, room: undefined, from: 'bob', to: 'alice', action: false }
          : kind === 'found' ? { ...base, kind, room: '#lobby', from: 'bob', action: false, id: 1, words: t.split(/\s+/).slice(0, 2).map((w) => w.slice(0, 3).toLowerCase()) }
            : { ...base, kind, room: undefined, tone: 'info' };
    for (const row of formatEntry(entry, width)) expect(row.reduce((sum, s) => sum + textWidth(s.text), 0)).toBeLessThanOrEqual(width);
  });
});

describe('[TUI-BACKOFF] [TUI-COLOUR]', () => {
  test.prop([fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])('delays lie in [ceiling/2, ceiling] and the ceiling doubles up to the maximum', (attempt, random) => {
    const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
    const delay = backoffDelay(attempt, random);
    expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
    expect(delay).toBeLessThanOrEqual(ceiling);
  });

  test.prop([fc.stringMatching(/^[A-Za-z0-9_-]{3,10}$/)])('a nick has the same colour whatever its case', (nick) => {
    expect(nickColour(nick.toUpperCase())).toBe(nickColour(nick.toLowerCase()));
  });
});

describe('[TUI-ROOMS] member lists', () => {
  test.prop([fc.array(fc.constantFrom('bob', 'Bob', 'alice', 'carol', 'dave', 'Eve', 'eve', 'zed'), { maxLength: 30 })])(
    'adding and removing keeps the list sorted case-insensitively and each nick once',
    async (ops) => {
      const { addMember, removeMember } = await import('../../src/client/room-members.js');
      let members: readonly string[] = [];
      ops.forEach((nick, i) => {
        members = i % 3 === 2 ? removeMember(members, nick) : addMember(members, nick);
        const folded = members.map((m) => m.toLowerCase());
        expect(folded).toEqual([...folded].sort());
        expect(new Set(folded).size).toBe(folded.length);
      });
    },
  );
});
