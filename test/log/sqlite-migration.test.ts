import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { SCHEMA_VERSION } from '../../streams/log/sqlite-schema.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

const V1 = readFileSync(new URL('../fixtures/rxchat-v1.sql', import.meta.url), 'utf8');

afterEach(removeTempDirs);

/** A data directory holding a database written by schema version 1. */
function versionOne(): string {
  const dir = tempDir();
  const db = new Database(join(dir, 'rxchat.db'));
  db.exec(V1);
  db.close();
  return dir;
}

describe('schema migration', () => {
  it('opens a database written by schema version 1: log and archive intact, old messages searchable', () => {
    const dir = versionOne();
    const log = openSqliteLog(dir, { fsync: 'normal' });
    expect(log.load()).toEqual({
      snapshot: { seq: 2, state: { rooms: { '#lobby': { topic: 'old times' } } } },
      tail: [
        { type: 'conn/closed', conn: 4294967297, cause: 'bye', at: 1793527201000 },
        { type: 'server/shutdown-requested', reason: 'SIGTERM', at: 1793527202000 },
      ],
      lastSeq: 4,
    });
    expect(log.archive.history({ room: '#lobby', limit: 10 }).map((m) => [m.id, m.from, m.text, m.kind])).toEqual([
      [1, 'alice', 'the first message ever', undefined],
      [2, 'bob', 'waves at everyone', 'action'],
    ]);
    // The backfill indexed what version 1 had archived, rooms only.
    expect(log.archive.search({ room: '#lobby', words: 'first', limit: 20 }).map((m) => m.id)).toEqual([1]);
    expect(log.archive.search({ room: '#dev', words: 'fir*', limit: 20 }).map((m) => m.id)).toEqual([4]);
    log.commit([{ type: 'conn/closed', conn: 1, cause: 'x', at: 1 }], [{ id: 5, ts: 1793527300000, room: '#dev', from: 'dave', to: null, text: 'first new one' }]);
    expect(log.archive.search({ room: '#dev', words: 'first', limit: 20 }).map((m) => m.id)).toEqual([5, 4]);
    expect(log.load().lastSeq).toBe(5);
    log.close();

    const db = new Database(join(dir, 'rxchat.db'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'created'").pluck().get()).toBe('2026-11-01T10:00:00.000Z');
    db.close();
  });

  it('a new database gets every step and the same tables as a migrated one', () => {
    const tables = (dir: string) => {
      openSqliteLog(dir, { fsync: 'normal' }).close();
      const db = new Database(join(dir, 'rxchat.db'), { readonly: true });
      const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'messages_fts_%' OR type = 'trigger' ORDER BY name").all();
      db.close();
      return rows;
    };
    expect(tables(versionOne())).toEqual(tables(tempDir()));
  });
});
