import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import type { ArchivedMessage, EventLog } from '../../streams/log/event-log.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { anyText, clientFrame } from '../helpers/arbitraries.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

let shared: EventLog;
let run = 0;
let lastId = 0;
beforeAll(() => {
  shared = openSqliteLog(tempDir(), { fsync: 'normal' });
});
afterAll(() => {
  shared.close();
  removeTempDirs();
});

const at = fc.integer({ min: 0, max: 2 ** 45 });
const conn = fc.integer({ min: 0, max: 2 ** 40 }); // boot * 2**32 + n
const event: fc.Arbitrary<RoomEvent> = fc.oneof(
  fc.record({ type: fc.constant('conn/frame-received' as const), conn, frame: clientFrame, at }),
  fc.record({ type: fc.constant('conn/closed' as const), conn, cause: anyText, at }),
  fc.record({ type: fc.constant('server/shutdown-requested' as const), reason: anyText, at }),
);
/** Letters every Unicode version agrees on (see [SEARCH-WORDS] below), so the search check runs often. */
const stableLetter = fc.constantFrom(...'azAZ09éßñøŁžαβωΔЖжяПи中文字'.split(''));
const stableWords = fc.array(fc.string({ unit: stableLetter, minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), stableWords);
const nick = fc.stringMatching(/^[A-Za-z0-9_-]{3,10}$/);

describe('what goes into the SQLite log comes out equal', () => {
  test.prop([fc.array(fc.array(event, { maxLength: 6 }), { maxLength: 6 })], { numRuns: 25 })(
    'events of any shape and text, committed in turns, load back deep-equal and in order',
    (turns) => {
      const dir = tempDir();
      const log = openSqliteLog(dir, { fsync: 'normal' });
      for (const events of turns) log.commit(events, []);
      log.close();
      const again = openSqliteLog(dir, { fsync: 'normal' });
      try {
        expect(again.load().tail).toEqual(turns.flat());
      } finally {
        again.close();
      }
    },
  );

  test.prop([fc.array(fc.record({ text, from: nick, action: fc.boolean() }), { minLength: 1, maxLength: 40 })], { numRuns: 200 })(
    'archived texts (any unicode) come back exactly from history, and each is found by its own first word',
    (rows) => {
      const room = `#run${++run}`; // one log for every run (fast), one room each
      const messages: ArchivedMessage[] = rows.map((r) => ({
        id: ++lastId, ts: 1_000 + lastId, room, from: r.from, to: null, text: r.text, ...(r.action ? { kind: 'action' as const } : {}),
      }));
      shared.commit([], messages);
      expect(shared.archive.history({ room, limit: 1000 })).toEqual(messages);
      for (const m of messages) {
        // [SEARCH-WORDS] SQLite's unicode61 tokenizer classifies characters by Unicode 6.1: a letter of
        // a later version (U+19B0 was a spacing mark then) is a separator to it. Words of letters that
        // every version agrees on must be found.
        const first = m.text.split(/\s+/u).find((w) => /^[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u017F\u0391-\u03A9\u03B1-\u03C9\u0410-\u044F\u4E00-\u9FA5]+$/u.test(w));
        if (first !== undefined) expect(shared.archive.search({ room, words: first, limit: 1000 }).map((f) => f.id)).toContain(m.id);
      }
    },
  );
});
