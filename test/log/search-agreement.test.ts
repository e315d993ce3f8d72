import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import type { ArchivedMessage } from '../../streams/log/event-log.js';
import { createMemoryLog } from '../../streams/log/memory-log.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

/**
 * [SEARCH-WORDS] The two archives read a search alike (one `searchTerms`): the memory archive of an
 * `--in-memory` server finds exactly what SQLite's full-text index finds, for texts and searches of
 * words, prefixes, punctuation and stray `*` (ASCII: unicode61 also folds accents, which memory does not).
 */
afterAll(() => removeTempDirs());

const vocabulary = ['deploy', 'Deployment', 'friday', 'dep', 'DEP', 'fri', 'x-ray', 'a', '42', "it's", '--', 'ab', 'abc'];
const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
const query = fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.constantFrom('dep*', 'fri*', 'de*', 'x-r*', '*', 'abc**')), { minLength: 1, maxLength: 3 })
  .map((words) => words.join(' '));

describe('[SEARCH-WORDS] memory and SQLite archives agree', () => {
  test.prop([fc.array(text, { minLength: 1, maxLength: 30 }), fc.array(query, { minLength: 1, maxLength: 10 })], { numRuns: 40 })(
    'every search finds the same messages, newest first',
    (texts, queries) => {
      const messages: ArchivedMessage[] = texts.map((t, i) => ({ id: i + 1, ts: 1_000 + i, room: '#lobby', from: 'ann', to: null, text: t }));
      const memory = createMemoryLog({ keepEvents: false, keepPerRoom: 1_000 });
      const sqlite = openSqliteLog(tempDir(), { fsync: 'normal' });
      try {
        memory.commit([], messages);
        sqlite.commit([], messages);
        for (const words of queries) {
          const ask = { room: '#lobby', words, limit: 100 };
          expect(memory.archive.search(ask).map((m) => m.id), words).toEqual(sqlite.archive.search(ask).map((m) => m.id));
        }
      } finally {
        sqlite.close();
      }
    },
  );
});
