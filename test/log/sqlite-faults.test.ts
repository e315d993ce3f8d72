import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../streams/log/event-log.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { StorageError } from '../../streams/log/storage-error.js';
import { closedEvent, roomMessage } from '../helpers/log-data.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';
import { canMount, mountTinyFs, type TinyFs } from '../helpers/tiny-fs.js';

const opened: EventLog[] = [];
const mounts: TinyFs[] = [];
afterEach(() => {
  for (const log of opened.splice(0)) log.close();
  for (const fs of mounts.splice(0)) fs.unmount();
  removeTempDirs();
});

/** One turn of a busy server: 20 events and 20 archived messages of ~1 KB, ids from `first`. */
function turn(first: number): [ReturnType<typeof closedEvent>[], ReturnType<typeof roomMessage>[]] {
  const ids = Array.from({ length: 20 }, (_, i) => first + i);
  return [ids.map((id) => closedEvent(id)), ids.map((id) => roomMessage(id, '#lobby', `turn ${first} word${id} ${'x'.repeat(1000)}`))];
}

/** Commits turns until one fails; returns the first id that was refused and the error. */
function fillUntilFull(log: EventLog, limit: number): { refused: number; error: unknown } {
  for (let first = 1; first < limit; first += 20) {
    try {
      log.commit(...turn(first));
    } catch (error) {
      return { refused: first, error };
    }
  }
  throw new Error(`no commit failed in ${limit} messages`);
}

/** Nothing of the refused turn is stored, everything before it is. */
function expectWhole(log: EventLog, refused: number): void {
  const loaded = log.load();
  expect(loaded.lastSeq).toBe(refused - 1);
  expect(loaded.tail.length).toBe(refused - 1);
  expect(log.archive.history({ room: '#lobby', limit: 1 })[0]?.id).toBe(refused - 1);
  expect(log.archive.search({ room: '#lobby', words: `word${refused}`, limit: 5 })).toEqual([]);
}

describe('a commit that fails leaves the log whole, and the log goes on once there is room', () => {
  it('SQLITE_FULL at the size cap (max_page_count): refused, nothing partial, later commits succeed after a prune', () => {
    const dir = tempDir();
    const log = openSqliteLog(dir, { fsync: 'normal', maxPageCount: 200 });
    opened.push(log);
    const { refused, error } = fillUntilFull(log, 10_000);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('SQLITE_FULL');
    expect((error as StorageError).reason).toMatch(/^a commit failed: the disk is full, or the database reached its size limit/);
    expectWhole(log, refused);
    expect(() => log.commit(...turn(refused))).toThrow(StorageError); // still full: still refused, still whole
    expectWhole(log, refused);

    log.prune({ keepPerRoom: 20 }); // retention frees pages
    log.commit(...turn(refused));
    expect(log.load().lastSeq).toBe(refused + 19);
    expect(log.archive.search({ room: '#lobby', words: `word${refused}`, limit: 5 }).map((m) => m.id)).toEqual([refused]);
  });

  it.skipIf(!canMount())('a real full disk (a 1 MiB tmpfs): refused, nothing partial, goes on once a file is removed', () => {
    const fs = mountTinyFs(1024);
    mounts.push(fs);
    writeFileSync(join(fs.dir, 'ballast'), Buffer.alloc(512 * 1024));
    const dir = join(fs.dir, 'data');
    const log = openSqliteLog(dir, { fsync: 'full' });
    opened.push(log);
    const { refused, error } = fillUntilFull(log, 10_000);
    expect((error as StorageError).code).toBe('SQLITE_FULL');
    expectWhole(log, refused);

    rmSync(join(fs.dir, 'ballast'));
    log.commit(...turn(refused));
    log.close();
    const again = openSqliteLog(dir, { fsync: 'normal' });
    opened.push(again);
    expect(again.load().lastSeq).toBe(refused + 19);
    expect(again.archive.history({ room: '#lobby', limit: 1000 }).map((m) => m.id)).toEqual(Array.from({ length: refused + 19 }, (_, i) => i + 1));
  });
});
