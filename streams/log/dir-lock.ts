import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorCode, errorMessage, StorageError } from './storage-error.js';

/** The lock's file inside a data directory: a small SQLite file whose exclusive lock the writer holds. */
export const LOCK_FILE = 'rxchat.lock';

/** Who holds the lock, for the refusal's words only (the lock itself is the file lock). */
export const OWNER_FILE = 'rxchat.owner';

/** Lock files this process holds, so a second open in the same process is refused with its own words. */
const held = new Set<string>();

/**
 * [STORAGE-LOCK] Takes the data directory's writer lock: an exclusive lock on `rxchat.lock` (SQLite's own file
 * locking, `locking_mode=EXCLUSIVE`) held until `close`. The operating system drops it when the process ends in
 * any way (`kill -9` too), so no stale lock is ever left and no pid is guessed at. A second writer is refused with
 * a `StorageError` naming the owner (from `rxchat.owner`, written beside it). Readers (export) never take it.
 * Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  if (held.has(path)) throw new StorageError(`${dir} is already open in this process`, 'LOCKED');
  // Written first under a name of our own: it proves the directory writable with the system's exact error.
  const owner = join(dir, `${OWNER_FILE}.${process.pid}`);
  writeFileSync(owner, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }) + '\n', { mode: 0o600 });
  let locked: Database.Database;
  try {
    locked = takeLock(path);
    renameSync(owner, join(dir, OWNER_FILE));
  } catch (error) {
    rmSync(owner, { force: true });
    throw lockError(dir, error);
  }
  held.add(path);
  return () => {
    if (!held.delete(path)) return;
    rmSync(join(dir, OWNER_FILE), { force: true });
    locked.close(); // the lock goes last: nobody sees our owner file with the lock free
  };
}

/** Opens the lock file and takes its exclusive lock; a lock file that is not SQLite (damaged) is made anew. */
function takeLock(path: string, retry = true): Database.Database {
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); COMMIT'); // the first write takes the lock for good
    return lock;
  } catch (error) {
    lock.close();
    // Nobody can hold a lock on a file that is not a database: it only holds the name.
    if (!retry || errorCode(error) !== 'SQLITE_NOTADB') throw error;
    rmSync(path, { force: true });
    return takeLock(path, false);
  }
}

function lockError(dir: string, error: unknown): StorageError {
  const code = errorCode(error) ?? '';
  if (!code.startsWith('SQLITE_BUSY')) return new StorageError(`cannot take the lock ${join(dir, LOCK_FILE)}: ${errorMessage(error)}`, code || undefined, { cause: error });
  return new StorageError(`another rxchat server (${ownerOf(dir)}) is using ${dir}; stop it or choose another --data`, 'LOCKED', { cause: error });
}

/** The holder as its owner file says, or words saying it is unknown. */
function ownerOf(dir: string): string {
  try {
    const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as { pid?: unknown; host?: unknown; since?: unknown };
    return `process ${String(owner.pid)} on ${String(owner.host)} since ${String(owner.since)}`;
  } catch {
    return 'its process is unknown';
  }
}
