import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import type { EventLog } from '../../streams/log/event-log.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { closedEvent, privateMessage, roomMessage } from '../helpers/log-data.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

const opened: EventLog[] = [];
function open(dir: string, fsync: 'normal' | 'full' = 'normal'): EventLog {
  const log = openSqliteLog(dir, { fsync });
  opened.push(log);
  return log;
}
afterEach(() => {
  for (const log of opened.splice(0)) log.close();
  removeTempDirs();
});

describe('the SQLite event log: the storage contract', () => {
  it('starts empty: no snapshot, no tail, seq 0', () => {
    expect(open(tempDir()).load()).toEqual({ snapshot: null, tail: [], lastSeq: 0 });
  });

  it('gives back after a reopen every committed event, in order, with consecutive seqs', () => {
    const dir = tempDir();
    const log = open(dir, 'full');
    log.commit([closedEvent(1), closedEvent(2)], []);
    log.commit([closedEvent(3)], [roomMessage(1, '#lobby', 'hi')]);
    log.close();
    const again = open(dir);
    expect(again.load()).toEqual({ snapshot: null, tail: [closedEvent(1), closedEvent(2), closedEvent(3)], lastSeq: 3 });
    again.commit([closedEvent(4)], []);
    expect(again.load().lastSeq).toBe(4);
    expect(again.archive.history({ room: '#lobby', limit: 10 })).toEqual([roomMessage(1, '#lobby', 'hi')]);
  });

  it('after a snapshot, loads the snapshot and only the later events; compaction removes the earlier ones', () => {
    const dir = tempDir();
    const log = open(dir);
    log.commit([closedEvent(1), closedEvent(2), closedEvent(3)], []);
    log.snapshot(2, { rooms: ['#lobby'], n: 2 });
    log.commit([closedEvent(4)], []);
    log.close();
    const again = open(dir);
    expect(again.load()).toEqual({ snapshot: { seq: 2, state: { rooms: ['#lobby'], n: 2 } }, tail: [closedEvent(3), closedEvent(4)], lastSeq: 4 });
    again.snapshot(4, { n: 4 });
    again.close();
    // Nothing older than the newest snapshot is kept, and the seq goes on from where it was.
    const third = open(dir);
    expect(third.load()).toEqual({ snapshot: { seq: 4, state: { n: 4 } }, tail: [], lastSeq: 4 });
    third.commit([closedEvent(5)], []);
    expect(third.load().tail).toEqual([closedEvent(5)]);
    expect(third.load().lastSeq).toBe(5);
  });

  it('refuses a snapshot past the last seq (our own misuse)', () => {
    const log = open(tempDir());
    log.commit([closedEvent(1)], []);
    expect(() => log.snapshot(2, {})).toThrow(TypeError);
    expect(() => log.snapshot(1, undefined)).toThrow(TypeError);
  });

  test.prop([fc.array(fc.array(fc.nat(50), { maxLength: 5 }), { maxLength: 8 }), fc.nat()], { numRuns: 15 })(
    'any commits and snapshot: snapshot + tail covers the whole log exactly once',
    (batches, pick) => {
      const dir = tempDir();
      const log = open(dir);
      const all: RoomEvent[] = [];
      batches.forEach((batch, b) => {
        const events = batch.map((n, i) => closedEvent(n, b * 10 + i));
        log.commit(events, []);
        all.push(...events);
      });
      const at = all.length === 0 ? 0 : pick % (all.length + 1);
      log.snapshot(at, { upTo: at });
      log.close();
      const loaded = open(dir).load();
      expect(loaded.lastSeq).toBe(all.length);
      expect(loaded.snapshot).toEqual({ seq: at, state: { upTo: at } });
      expect(loaded.tail).toEqual(all.slice(at));
    },
  );
});

describe('the SQLite archive', () => {
  function filled(): EventLog {
    const log = open(tempDir());
    const messages = Array.from({ length: 30 }, (_, i) => roomMessage(i + 1, i % 3 === 2 ? '#dev' : '#lobby', `message ${i + 1} ${i % 2 === 0 ? 'even' : 'odd'}`));
    log.commit([], messages);
    log.commit([], [privateMessage(31, 'alice', 'bob', 'secret even odd message'), { ...roomMessage(32, '#lobby', 'waves even'), kind: 'action' }]);
    return log;
  }

  it('history: the newest N before an id, oldest first, one room only', () => {
    const log = filled();
    const last = log.archive.history({ room: '#lobby', limit: 3 });
    expect(last.map((m) => m.id)).toEqual([28, 29, 32]);
    const page = log.archive.history({ room: '#lobby', before: 28, limit: 4 });
    expect(page.map((m) => m.id)).toEqual([22, 23, 25, 26]);
    expect(last[2]).toEqual({ ...roomMessage(32, '#lobby', 'waves even'), kind: 'action' });
    expect(log.archive.history({ room: '#dev', limit: 1000 }).map((m) => m.id)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(log.archive.history({ room: '#none', limit: 5 })).toEqual([]);
  });

  it('pages back through the whole history without a gap or a repeat', () => {
    const log = filled();
    const seen: number[] = [];
    let before: number | undefined;
    for (let page = log.archive.history({ room: '#lobby', limit: 7 }); page.length > 0; page = log.archive.history({ room: '#lobby', before, limit: 7 })) {
      seen.unshift(...page.map((m) => m.id));
      before = page[0]!.id;
    }
    expect(seen).toEqual([1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22, 23, 25, 26, 28, 29, 32]);
  });

  it('search: every whole word must match, newest first, paged with before; "word*" as a prefix', () => {
    const log = filled();
    expect(log.archive.search({ room: '#dev', words: 'odd', limit: 20 }).map((m) => m.id)).toEqual([30, 24, 18, 12, 6]);
    expect(log.archive.search({ room: '#dev', words: 'od', limit: 20 })).toEqual([]);
    expect(log.archive.search({ room: '#dev', words: 'messag*', limit: 20 }).map((m) => m.id)).toEqual([30, 27, 24, 21, 18, 15, 12, 9, 6, 3]);
    expect(log.archive.search({ room: '#dev', words: 'od*', limit: 20 })).toEqual([]); // [SEARCH-WORDS] 3 characters at least
    expect(log.archive.search({ room: '#dev', words: 'message 1', limit: 20 }).map((m) => m.id)).toEqual([]);
    expect(log.archive.search({ room: '#dev', words: 'message 18', limit: 20 }).map((m) => m.id)).toEqual([18]);
    expect(log.archive.search({ room: '#dev', words: 'EVEN mes*', limit: 20 }).map((m) => m.id)).toEqual([27, 21, 15, 9, 3]);
    expect(log.archive.search({ room: '#dev', words: 'odd', before: 18, limit: 2 }).map((m) => m.id)).toEqual([12, 6]);
    expect(log.archive.search({ room: '#lobby', words: 'WAVES', limit: 20 })).toEqual([{ ...roomMessage(32, '#lobby', 'waves even'), kind: 'action' }]);
    expect(log.archive.search({ room: '#dev', words: 'nothing-like-this', limit: 20 })).toEqual([]);
  });

  it('never returns a private message from history or search', () => {
    const log = filled();
    for (const room of ['#lobby', '#dev', '', 'null']) {
      expect(log.archive.history({ room, limit: 1000 }).every((m) => m.room === room && m.id !== 31)).toBe(true);
      expect(log.archive.search({ room, words: 'secret', limit: 1000 })).toEqual([]);
    }
  });

  it.each(['"', '*', 'NEAR(', '-', 'OR', 'AND', 'NOT', '"hello', 'hello"*', '(', ')', '^', ':', 'words:', 'rtok:x', '{words}', '+', '\\', "'", '%', '_', '\u0000', '🙂', 'éé', '""""', '* OR *'])(
    'search takes hostile words as plain text, with no error: %j',
    (words) => {
      const log = filled();
      expect(() => log.archive.search({ room: '#lobby', words, limit: 20 })).not.toThrow();
      expect(() => log.archive.search({ room: '#lobby', words: `message ${words} even`, limit: 20 })).not.toThrow();
    },
  );

  it('search matches operator words and unicode as text', () => {
    const log = open(tempDir());
    log.commit([], [
      roomMessage(1, '#lobby', 'this OR that'), roomMessage(2, '#lobby', 'NEAR the café'), roomMessage(3, '#lobby', '日本語 のテキスト'),
      roomMessage(4, '#lobby', 'smile 🙂 please'), roomMessage(5, '#lobby', 'say "quoted" words'),
    ]);
    const ids = (words: string) => log.archive.search({ room: '#lobby', words, limit: 20 }).map((m) => m.id);
    expect(ids('or')).toEqual([1]);
    expect(ids('near cafe')).toEqual([2]);
    expect(ids('CAFÉ')).toEqual([2]);
    expect(ids('日本語')).toEqual([3]);
    expect(ids('"quoted"')).toEqual([5]);
    expect(ids('NEAR(')).toEqual([2]);
    expect(ids('-')).toEqual([]);
  });

  it('prune by age and by count per room; the search index follows', () => {
    const log = filled();
    expect(log.prune({ olderThan: roomMessage(11, '#lobby', '').ts })).toBe(10);
    expect(log.archive.history({ room: '#dev', limit: 1000 }).map((m) => m.id)).toEqual([12, 15, 18, 21, 24, 27, 30]);
    expect(log.prune({ keepPerRoom: 2 })).toBe(5 + 12);
    expect(log.archive.history({ room: '#dev', limit: 1000 }).map((m) => m.id)).toEqual([27, 30]);
    expect(log.archive.history({ room: '#lobby', limit: 1000 }).map((m) => m.id)).toEqual([29, 32]);
    expect(log.archive.search({ room: '#dev', words: 'message', limit: 20 }).map((m) => m.id)).toEqual([30, 27]);
    expect(log.prune({ olderThan: Number.MAX_SAFE_INTEGER })).toBe(5);
    expect(() => log.prune({ keepPerRoom: 0 })).toThrow(TypeError);
  });

  it('answers nothing for a limit of 0 and refuses one outside 0..1000 (our own misuse)', () => {
    const log = filled();
    expect(log.archive.history({ room: '#lobby', before: 10, limit: 0 })).toEqual([]);
    expect(log.archive.search({ room: '#lobby', words: 'message', limit: 0 })).toEqual([]);
    expect(() => log.archive.history({ room: '#lobby', limit: -1 })).toThrow(TypeError);
    expect(() => log.archive.history({ room: '#lobby', limit: 1.5 })).toThrow(TypeError);
    expect(() => log.archive.search({ room: '#lobby', words: 'x', limit: 1001 })).toThrow(TypeError);
  });
});
