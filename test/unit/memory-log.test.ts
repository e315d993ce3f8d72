import { describe, expect, test } from 'vitest';
import { createMemoryLog } from '../../streams/log/memory-log.js';
import type { ArchivedMessage } from '../../streams/log/event-log.js';

/** [ARCHIVE-MEMORY] The archive of an `--in-memory` server answers like the SQLite one. */
const message = (id: number, text: string, room: string | null = '#lobby'): ArchivedMessage =>
  ({ id, ts: id * 1000, room, from: 'ann', to: room === null ? 'bob' : null, text });

function filled() {
  const log = createMemoryLog({ keepEvents: false, keepPerRoom: 100 });
  log.commit([], [
    message(1, 'Deploy on Friday'), message(2, 'deployment went fine'), message(3, "don't deploy today"),
    message(4, 'secret plans', null), message(5, 'friday, then'), message(6, 'other room', '#dev'),
  ]);
  return log;
}

describe('[SEARCH-WORDS] memory archive search', () => {
  test('whole words, any case, every word, newest first; private messages and other rooms never', () => {
    const search = (words: string, before?: number) =>
      filled().archive.search({ room: '#lobby', words, limit: 10, ...(before === undefined ? {} : { before }) }).map((m) => m.id);
    expect(search('deploy')).toEqual([3, 1]);
    expect(search('FRIDAY')).toEqual([5, 1]);
    expect(search('deploy friday')).toEqual([1]);
    expect(search('deploy*')).toEqual([3, 2, 1]);
    expect(search('de*')).toEqual([]);
    expect(search('secret')).toEqual([]);
    expect(search('room')).toEqual([]);
    expect(search('deploy', 3)).toEqual([1]);
    expect(search('!!! ***')).toEqual([]);
  });

  test('history pages back by id, oldest first; keepPerRoom bounds it', () => {
    const log = createMemoryLog({ keepEvents: false, keepPerRoom: 100 });
    log.commit([], Array.from({ length: 10 }, (_, i) => message(i + 1, `m${i + 1}`)));
    expect(log.archive.history({ room: '#lobby', limit: 3 }).map((m) => m.id)).toEqual([8, 9, 10]);
    expect(log.archive.history({ room: '#lobby', limit: 3, before: 9 }).map((m) => m.id)).toEqual([6, 7, 8]);
    expect(log.archive.history({ room: '#lobby', limit: 3, before: 1 })).toEqual([]);
    // At most a quarter over the bound (it is trimmed in chunks), and always the newest.
    const small = createMemoryLog({ keepEvents: false, keepPerRoom: 4 });
    small.commit([], Array.from({ length: 10 }, (_, i) => message(i + 1, `m${i + 1}`)));
    const kept = small.archive.history({ room: '#lobby', limit: 100 }).map((m) => m.id);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(kept.at(-1)).toBe(10);
  });
});
