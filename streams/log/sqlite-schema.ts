import type Database from 'better-sqlite3';
import { StorageError } from './storage-error.js';

/**
 * The rxchat database schema and its migrations. The version lives in `PRAGMA user_version`; the file says it is
 * ours with `PRAGMA application_id` (the bytes "rxch"), so a foreign SQLite file is told apart from an empty one.
 */
export const APPLICATION_ID = 0x72786368;

/** The schema version this build writes. */
export const SCHEMA_VERSION = 2;

/**
 * Version 1: the event log, snapshots, the message archive and a key/value meta table. Messages are found by room
 * through a partial index: private messages (room NULL) are never in it.
 */
export const SCHEMA_V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE events (seq INTEGER PRIMARY KEY, v INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, v INTEGER NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, room TEXT, sender TEXT NOT NULL, recipient TEXT,
  text TEXT NOT NULL, kind TEXT
);
CREATE INDEX messages_by_room ON messages (room, id) WHERE room IS NOT NULL;
`;

/**
 * Version 2: full-text search. A contentless FTS5 index (the text is kept once, in messages) with a second column
 * holding one token per room ("r" and the room's UTF-8 bytes in hex), so a search is narrowed to one room inside
 * the index. Prefix indexes for 3 and 4 characters keep `dep*` searches from expanding to every word they start
 * (about a third more index, docs/benchmarks.md). Triggers keep it in step; the migration indexes the room
 * messages already archived.
 */
export const SCHEMA_V2 = `
CREATE VIRTUAL TABLE messages_fts USING fts5(
  words, rtok, content='', contentless_delete=1, prefix='3 4', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.room IS NOT NULL BEGIN
  INSERT INTO messages_fts (rowid, words, rtok) VALUES (new.id, new.text, 'r' || hex(new.room));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.room IS NOT NULL BEGIN
  DELETE FROM messages_fts WHERE rowid = old.id;
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, room ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.id;
  INSERT INTO messages_fts (rowid, words, rtok) SELECT new.id, new.text, 'r' || hex(new.room) WHERE new.room IS NOT NULL;
END;
INSERT INTO messages_fts (rowid, words, rtok) SELECT id, text, 'r' || hex(room) FROM messages WHERE room IS NOT NULL;
`;

/** MIGRATIONS[n] takes a database from version n to n + 1. */
const MIGRATIONS: readonly ((db: Database.Database) => void)[] = [
  (db) => {
    db.exec(SCHEMA_V1);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('created', new Date().toISOString());
  },
  (db) => db.exec(SCHEMA_V2),
];

/** What a database file holds, read from its header and catalogue without writing. */
export interface SchemaInfo {
  readonly version: number;
  readonly applicationId: number;
  readonly tables: readonly string[];
}

/** Reads the version, the application id and the table names; writes nothing (safe on a foreign file). */
export function readSchemaInfo(db: Database.Database): SchemaInfo {
  return {
    version: db.pragma('user_version', { simple: true }) as number,
    applicationId: db.pragma('application_id', { simple: true }) as number,
    tables: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
      .map((row) => row.name),
  };
}

/**
 * Refuses a file that is not an rxchat database or is newer than this build ([STORAGE-REFUSE]); returns true for
 * an empty file (a new database). `file` names the file in the reason.
 */
export function checkSchema(info: SchemaInfo, file: string): boolean {
  if (info.applicationId === 0 && info.version === 0 && info.tables.length === 0) return true;
  if (info.applicationId !== APPLICATION_ID) {
    const tables = info.tables.length > 0 ? ` (its tables: ${info.tables.slice(0, 5).join(', ')})` : '';
    throw new StorageError(`${file} is a SQLite database but not an rxchat one${tables}; move it away or choose another --data`, 'FOREIGN');
  }
  if (info.version > SCHEMA_VERSION) {
    throw new StorageError(`${file} was written by a newer rxchat (schema version ${info.version}; this one knows up to ${SCHEMA_VERSION}); upgrade rxchat`, 'NEWER_SCHEMA');
  }
  if (info.version < 1) throw new StorageError(`${file} is marked as rxchat's but has no schema version; it is damaged`, 'CORRUPT');
  return false;
}

/** Brings a checked database up to {@link SCHEMA_VERSION}, one transaction per step, each setting its version. */
export function migrate(db: Database.Database, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      MIGRATIONS[version]!(db);
      if (version === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
