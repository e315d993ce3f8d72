import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkSchema, migrate, readSchemaInfo } from './sqlite-schema.js';
import { errorCode, errorMessage, StorageError } from './storage-error.js';

/** The database file's name inside a data directory. */
export const DB_FILE = 'rxchat.db';

/** How a writer opens the log. */
export interface SqliteLogOptions {
  /** [DURABILITY] 'normal': WAL + synchronous=NORMAL, survives a process crash; 'full': also a power cut. */
  readonly fsync: 'normal' | 'full';
  /** A cap on the database's size in pages (SQLite's `max_page_count`); past it a commit fails with SQLITE_FULL. */
  readonly maxPageCount?: number;
}

/** [STORAGE-REFUSE] Makes the data directory (mode 0700) if needed; refuses a path that cannot hold one. */
export function ensureDataDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new StorageError(`${dir} is not a directory`, 'ENOTDIR');
    return;
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fsError(realMkdirError(dir, error), `cannot create the data directory ${dir}`);
  }
}

/** A recursive mkdir reports ENOENT for a read-only parent; a plain one then tells the real cause (EROFS). */
function realMkdirError(dir: string, error: unknown): unknown {
  if (errorCode(error) !== 'ENOENT') return error;
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (plain) {
    return plain;
  }
  return error;
}

/** A file system error as a StorageError whose reason says what it means for the data directory. */
export function fsError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = errorCode(error);
  const why = code === 'EROFS' ? 'it is on a read-only file system'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied (the directory is not writable by this user)'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file, not a directory'
    : errorMessage(error);
  return new StorageError(`${what}: ${why}`, code, { cause: error });
}

/**
 * A SQLite error met while opening or writing `file`, as a StorageError whose reason says what to do
 * ([STORAGE-REFUSE]): rxchat never starts empty over a file it cannot read.
 */
export function sqliteError(error: unknown, file: string, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = errorCode(error) ?? '';
  const message = errorMessage(error);
  const reason = code === 'SQLITE_NOTADB' ? `${file} is not a SQLite database (damaged, or another program's file); move it away, rxchat will not start empty over it`
    : code.startsWith('SQLITE_CORRUPT') ? `${file} is corrupt (${message}); restore a backup or move it away`
    : code.startsWith('SQLITE_READONLY') ? `${file} is read-only (its file, directory or file system): rxchat cannot write its log there`
    : code === 'SQLITE_FULL' ? `${doing} failed: the disk is full, or the database reached its size limit (${file})`
    : code.startsWith('SQLITE_CANTOPEN') ? `cannot open ${file} (${message}): check that the directory exists and is writable`
    : code.startsWith('SQLITE_BUSY') ? `${file} is locked by another process`
    : `${doing} failed on ${file}: ${message}`;
  return new StorageError(reason, code === '' ? undefined : code, { cause: error });
}

/**
 * Opens (creating or upgrading) the database for writing. The file is checked before anything is written to it:
 * a foreign or newer file is refused untouched. Then WAL, the sync level, the migrations, an integrity check of
 * the log tables and a write that proves the file is writable.
 */
export function openWritable(dir: string, options: SqliteLogOptions): Database.Database {
  const file = join(dir, DB_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0 });
    const info = readSchemaInfo(db);
    const fresh = checkSchema(info, file);
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      throw new StorageError(`${file} cannot be switched to WAL mode (is its directory writable?)`, 'NO_WAL');
    }
    db.pragma(`synchronous = ${options.fsync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('journal_size_limit = 67108864'); // a WAL grown by a burst is cut back after a checkpoint
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
    migrate(db, fresh ? 0 : info.version);
    checkLogTables(db, file);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened', ?)").run(new Date().toISOString());
    return db;
  } catch (error) {
    db?.close();
    throw sqliteError(error, file, 'opening the log');
  }
}

/** `quick_check` of the tables read at start (the archive is read on demand, its pages are checked as read). */
function checkLogTables(db: Database.Database, file: string): void {
  for (const table of ['meta', 'events', 'snapshots']) {
    const result = db.pragma(`quick_check(${table})`, { simple: true });
    if (result !== 'ok') throw new StorageError(`${file} is corrupt (table ${table}: ${String(result)}); restore a backup or move it away`, 'CORRUPT');
  }
}

/**
 * Opens an existing database read-only, for export: no lock, no migration, nothing written, so it works while a
 * server runs (WAL readers never block the writer). Refuses a missing, foreign or newer database with the reason.
 */
export function openReadOnly(dir: string): Database.Database {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new StorageError(`no such data directory: ${dir}`, 'ENOENT');
  const file = join(dir, DB_FILE);
  if (!existsSync(file)) throw new StorageError(`no rxchat database in ${dir} (no ${DB_FILE})`, 'ENOENT');
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000 });
    if (checkSchema(readSchemaInfo(db), file)) throw new StorageError(`${file} is empty`, 'EMPTY');
    return db;
  } catch (error) {
    db?.close();
    throw sqliteError(error, file, 'reading the archive');
  }
}

