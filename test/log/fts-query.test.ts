import { fc, test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ftsQuery, SEARCH_MAX_WORDS } from '../../streams/log/fts-query.js';

// A real FTS5 table: the property is that SQLite accepts every query ftsQuery makes.
const db = new Database(':memory:');
db.exec("CREATE VIRTUAL TABLE t USING fts5(words, rtok, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')");
db.prepare('INSERT INTO t (rowid, words, rtok) VALUES (1, ?, ?)').run('hello NEAR the "world" OR not - x*y', 'r00');
const match = db.prepare('SELECT rowid FROM t WHERE t MATCH ?').pluck();
afterAll(() => db.close());

describe('[SEARCH-WORDS] ftsQuery', () => {
  test.prop([fc.string({ maxLength: 200, unit: 'grapheme' })], { numRuns: 300 })('no user text makes an FTS5 syntax error', (words) => {
    const query = ftsQuery(words);
    if (query !== null) expect(() => match.all(query)).not.toThrow();
  });

  test.prop([fc.array(fc.constantFrom('"', '*', 'NEAR(', ')', '(', '-', 'OR', 'AND', 'NOT', ':', '^', '+', '{', '}', 'words:', 'rtok', 'x', 'é', '🙂', '\\'), { maxLength: 30 })], { numRuns: 300 })(
    'FTS5 operator characters glued together are still plain text',
    (parts) => {
      const query = ftsQuery(parts.join(''));
      if (query !== null) expect(() => match.all(query)).not.toThrow();
      const spaced = ftsQuery(parts.join(' '));
      if (spaced !== null) expect(() => match.all(spaced)).not.toThrow();
    },
  );

  it('quotes every word, keeps at most SEARCH_MAX_WORDS, prefix only on an explicit last "*" of 3+ characters', () => {
    expect(ftsQuery('hello "world"')).toBe('words : ("hello" AND """world""")');
    expect(ftsQuery('wor*')).toBe('words : ("wor"*)');
    expect(ftsQuery('wo*')).toBe('words : ("wo*")');
    expect(ftsQuery('a*b')).toBe('words : ("a*b")');
    expect(ftsQuery('- * "')).toBeNull();
    expect(ftsQuery('')).toBeNull();
    expect(ftsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))!.split(' AND ')).toHaveLength(SEARCH_MAX_WORDS);
  });

  it('finds what the words say, not what operators would', () => {
    expect(match.all(ftsQuery('NEAR( world')!)).toEqual([1]);
    expect(match.all(ftsQuery('hello OR nothing')!)).toEqual([]);
    expect(match.all(ftsQuery('wor*')!)).toEqual([1]);
    expect(match.all(ftsQuery('x*y')!)).toEqual([1]);
  });
});
