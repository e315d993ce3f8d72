import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorCode, errorMessage, StorageError } from './storage-error.js';

/** The lock file's name inside a data directory. */
export const LOCK_FILE = 'rxchat.lock';

/** Lock files this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

interface LockOwner { readonly pid: number; readonly host: string; readonly since: string }

/**
 * [STORAGE-LOCK] Takes the data directory's writer lock: a file made atomically (`link` of a unique temporary file,
 * which fails if the lock exists) holding the owner's pid and host. A lock left by a process that is gone (a
 * `kill -9`) is taken over; a live owner, or one on another host whose liveness cannot be checked, is refused with
 * a `StorageError` that names it. Readers (export) never take it. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  if (held.has(path)) throw new StorageError(`${dir} is already open in this process`, 'LOCKED');
  const mine: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const temp = `${path}.${process.pid}.${Date.now()}`;
  writeFileSync(temp, JSON.stringify(mine) + '\n', { mode: 0o600 });
  try {
    if (!tryLink(temp, path)) {
      refuseIfAlive(dir, path);
      rmSync(path, { force: true }); // the owner is gone: its lock is stale
      if (!tryLink(temp, path)) refuseIfAlive(dir, path);
    }
  } finally {
    rmSync(temp, { force: true });
  }
  held.add(path);
  return () => release(path, mine);
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/** Throws when the lock's owner may still be running. */
function refuseIfAlive(dir: string, path: string): void {
  const owner = readOwner(path);
  if (owner === null) return; // unreadable or half-written: a crash while taking it, so stale
  const who = `process ${owner.pid} on ${owner.host} since ${owner.since}`;
  if (owner.host !== hostname()) {
    throw new StorageError(`${dir} is locked by ${who}; if no rxchat runs there, delete ${path}`, 'LOCKED');
  }
  // A pid equal to ours is a lock from before a restart (containers reuse pid 1): this process does not hold it.
  if (owner.pid !== process.pid && isAlive(owner.pid)) {
    throw new StorageError(`another rxchat server (${who}) is using ${dir}; stop it or choose another --data`, 'LOCKED');
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return null;
    return { pid: owner.pid, host: owner.host, since: String(owner.since) };
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || error instanceof SyntaxError) return null;
    throw new StorageError(`cannot read the lock ${path}: ${errorMessage(error)}`, errorCode(error));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM'; // alive, owned by someone else
  }
}

function release(path: string, mine: LockOwner): void {
  if (!held.delete(path)) return;
  const owner = readOwner(path);
  // Only our own lock is removed: never one a later owner took over.
  if (owner !== null && owner.pid === mine.pid && owner.host === mine.host) rmSync(path, { force: true });
}
