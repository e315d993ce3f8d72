import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { StorageError } from '../../streams/log/storage-error.js';
import { closedEvent, roomMessage } from '../helpers/log-data.js';
import { killAll, spawnChild } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';
import { canMount, mountTinyFs, type TinyFs } from '../helpers/tiny-fs.js';

const HOLD = fileURLToPath(new URL('../fixtures/hold-log.mjs', import.meta.url));
const NOBODY = 65534;

/** True when the user nobody can load the built log module (this checkout is readable by others). */
function nobodyCanRun(): boolean {
  const probe = `await import(${JSON.stringify(new URL('../../dist/streams/log/sqlite-log.js', import.meta.url).href)})`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', probe], { uid: NOBODY, gid: NOBODY }).status === 0;
}
const mounts: TinyFs[] = [];

afterEach(async () => {
  await killAll();
  for (const fs of mounts.splice(0)) fs.unmount();
  removeTempDirs();
});

/** The StorageError that opening `dir` throws (the test fails if it opens). */
function refusal(dir: string): StorageError {
  try {
    openSqliteLog(dir, { fsync: 'normal' }).close();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error(`${dir} opened, but a refusal was expected`);
}

/** A data directory with an rxchat database holding a few events and messages. */
function written(): string {
  const dir = tempDir();
  const log = openSqliteLog(dir, { fsync: 'normal' });
  log.commit([closedEvent(1), closedEvent(2)], [roomMessage(1, '#lobby', 'kept')]);
  log.close();
  return dir;
}

describe('[STORAGE-LOCK] one writer per data directory', () => {
  it('a second server process is refused while the first runs; a killed owner leaves a lock that is taken over', async () => {
    const dir = tempDir();
    const first = spawnChild(process.execPath, [HOLD, dir]);
    await first.stdout.waitFor((l) => l === 'open', 10_000, 'the first open');

    const second = spawnChild(process.execPath, [HOLD, dir]);
    expect((await second.exit(10_000)).code).toBe(1);
    expect(second.stdout.items[0]).toMatch(new RegExp(`^refused LOCKED: another rxchat server \\(process ${first.process.pid} on .*\\) is using ${dir}`));
    expect(refusal(dir).code).toBe('LOCKED'); // this process too

    await first.kill(); // SIGKILL: its lock file stays behind
    const log = openSqliteLog(dir, { fsync: 'normal' });
    log.commit([closedEvent(1)], []);
    log.close();
  });

  it('the lock is the file lock, not a file: a leftover owner file or a damaged lock file does not block', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rxchat.owner'), JSON.stringify({ pid: 4242, host: 'elsewhere.example', since: '2026-11-30T20:00:00.000Z' }));
    writeFileSync(join(dir, 'rxchat.lock'), '{"pid": 42');
    const log = openSqliteLog(dir, { fsync: 'normal' });
    expect(JSON.parse(readFileSync(join(dir, 'rxchat.owner'), 'utf8'))).toMatchObject({ pid: process.pid });
    log.close();
    expect(existsSync(join(dir, 'rxchat.owner'))).toBe(false);
    openSqliteLog(dir, { fsync: 'normal' }).close();
  });

  it('a second open in the same process is refused; close releases the lock', () => {
    const dir = tempDir();
    const log = openSqliteLog(dir, { fsync: 'normal' });
    expect(refusal(dir).reason).toBe(`${dir} is already open in this process`);
    log.close();
    openSqliteLog(dir, { fsync: 'normal' }).close();
  });
});

describe('[STORAGE-REFUSE] files rxchat will not start over', () => {
  it('a file that is not a SQLite database, left untouched', () => {
    const dir = tempDir();
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251));
    writeFileSync(join(dir, 'rxchat.db'), garbage);
    const error = refusal(dir);
    expect(error.code).toBe('SQLITE_NOTADB');
    expect(error.reason).toMatch(/rxchat\.db is not a SQLite database .*rxchat will not start empty over it/);
    expect(readFileSync(join(dir, 'rxchat.db')).equals(garbage)).toBe(true);
  });

  it.each([['the schema page', 100, 3000], ['the meta table', 4096, 4096]])('an rxchat database with %s damaged', (_, offset, length) => {
    const dir = written();
    const file = readFileSync(join(dir, 'rxchat.db'));
    file.fill(0xa5, offset, offset + length);
    writeFileSync(join(dir, 'rxchat.db'), file);
    expect(refusal(dir).reason).toMatch(/rxchat\.db is corrupt \(.+\); restore a backup or move it away/s);
  });

  it('a SQLite database of another program, left untouched', () => {
    const dir = tempDir();
    const foreign = new Database(join(dir, 'rxchat.db'));
    foreign.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('x')");
    foreign.close();
    const before = readFileSync(join(dir, 'rxchat.db'));
    const error = refusal(dir);
    expect(error.code).toBe('FOREIGN');
    expect(error.reason).toBe(`${join(dir, 'rxchat.db')} is a SQLite database but not an rxchat one (its tables: users); move it away or choose another --data`);
    expect(readFileSync(join(dir, 'rxchat.db')).equals(before)).toBe(true);
  });

  it('a database from a newer rxchat', () => {
    const dir = written();
    const db = new Database(join(dir, 'rxchat.db'));
    db.pragma('user_version = 99');
    db.close();
    expect(refusal(dir).reason).toBe(`${join(dir, 'rxchat.db')} was written by a newer rxchat (schema version 99; this one knows up to 2); upgrade rxchat`);
  });

  it('a data path that is a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expect(refusal(join(dir, 'file')).reason).toBe(`${join(dir, 'file')} is not a directory`);
    expect(refusal(join(dir, 'file', 'below')).reason).toBe(`cannot create the data directory ${join(dir, 'file', 'below')}: a part of the path is a file, not a directory`);
  });

  // Root writes anywhere: as root the open runs as nobody, as a server started by the wrong user would (when nobody
  // can read this checkout; a clone under a private home cannot be, and then only a non-root run tests this).
  const asRoot = process.getuid?.() === 0;
  it.skipIf(asRoot && !nobodyCanRun())('a directory this user cannot write', () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const dir = join(parent, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o555);
    const result = asRoot
      ? spawnSync(process.execPath, [HOLD, dir, 'once'], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' }).stdout.trim()
      : `refused ${refusal(dir).code}: ${refusal(dir).reason}`;
    expect(result).toBe(`refused EACCES: cannot write in the data directory ${dir}: permission denied (the directory is not writable by this user)`);
  });

  it.skipIf(!canMount())('a data directory on a read-only file system, existing data or not', () => {
    const fs = mountTinyFs(1024);
    mounts.push(fs);
    const log = openSqliteLog(fs.dir, { fsync: 'normal' });
    log.commit([closedEvent(1)], []);
    log.close();
    fs.readOnly();
    expect(refusal(fs.dir).reason).toBe(`cannot write in the data directory ${fs.dir}: it is on a read-only file system`);
    expect(refusal(join(fs.dir, 'new')).reason).toBe(`cannot create the data directory ${join(fs.dir, 'new')}: it is on a read-only file system`);
  });
});
