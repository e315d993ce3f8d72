import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { RoomEvent } from '../../src/events.js';
import { lockDataDir } from './dir-lock.js';
import { EVENT_VERSION, upcastEvent, type ArchivedMessage, type EventLog, type LoadedLog } from './event-log.js';
import { createSqliteArchive } from './sqlite-archive.js';
import { DB_FILE, ensureDataDir, fsError, openWritable, sqliteError, type SqliteLogOptions } from './sqlite-open.js';
import { createPrune } from './sqlite-retention.js';
import { StorageError } from './storage-error.js';

export type { SqliteLogOptions } from './sqlite-open.js';

/** The shape version of a stored snapshot body (the state JSON's own version lives inside it). */
const SNAPSHOT_VERSION = 1;

/**
 * Opens the SQLite event log in `dir` (docs/architecture.md, "Storage"): makes the directory (0700), takes the
 * writer lock [STORAGE-LOCK], opens or creates `rxchat.db` in WAL mode and upgrades its schema. Throws a
 * `StorageError` with the reason when it cannot ([STORAGE-REFUSE]); `close()` releases the file and the lock.
 */
export function openSqliteLog(dir: string, options: SqliteLogOptions): EventLog {
  if (options.fsync !== 'normal' && options.fsync !== 'full') throw new TypeError(`fsync must be 'normal' or 'full', got ${String(options.fsync)}`);
  ensureDataDir(dir);
  let unlock: () => void;
  try {
    unlock = lockDataDir(dir);
  } catch (error) {
    throw fsError(error, `cannot write in the data directory ${dir}`);
  }
  try {
    return createSqliteLog(openWritable(dir, options), join(dir, DB_FILE), unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

interface SnapshotRow { readonly seq: number; readonly v: number; readonly body: string }
interface EventRow { readonly seq: number; readonly v: number; readonly body: string }

/** Every statement the log runs, prepared once when it opens. */
function prepareStatements(db: Database.Database) {
  return {
    insertEvent: db.prepare<[number, number, string]>('INSERT INTO events (seq, v, body) VALUES (?, ?, ?)'),
    insertMessage: db.prepare<[number, number, string | null, string, string | null, string, string | null]>(
      'INSERT INTO messages (id, ts, room, sender, recipient, text, kind) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    newestSnapshot: db.prepare<[], SnapshotRow>('SELECT seq, v, body FROM snapshots ORDER BY seq DESC LIMIT 1'),
    eventsAfter: db.prepare<[number], EventRow>('SELECT seq, v, body FROM events WHERE seq > ? ORDER BY seq'),
    maxSeq: db.prepare<[], { seq: number }>(
      'SELECT max(coalesce((SELECT max(seq) FROM events), 0), coalesce((SELECT max(seq) FROM snapshots), 0)) AS seq',
    ),
    insertSnapshot: db.prepare<[number, number, string, number]>('INSERT OR REPLACE INTO snapshots (seq, v, body, at) VALUES (?, ?, ?, ?)'),
    deleteEventsUpTo: db.prepare<[number]>('DELETE FROM events WHERE seq <= ?'),
    deleteSnapshotsBefore: db.prepare<[number]>('DELETE FROM snapshots WHERE seq < ?'),
  };
}

function createSqliteLog(db: Database.Database, file: string, unlock: () => void): EventLog {
  const { insertEvent, insertMessage, newestSnapshot, eventsAfter, maxSeq, insertSnapshot, deleteEventsUpTo, deleteSnapshotsBefore } = prepareStatements(db);
  let lastSeq = maxSeq.get()!.seq;
  let open = true;

  const commitTx = db.transaction((events: readonly RoomEvent[], messages: readonly ArchivedMessage[]) => {
    events.forEach((event, i) => insertEvent.run(lastSeq + 1 + i, EVENT_VERSION, JSON.stringify(event)));
    for (const m of messages) insertMessage.run(m.id, m.ts, m.room, m.from, m.to, m.text, m.kind ?? null);
  });
  const snapshotTx = db.transaction((seq: number, body: string) => {
    insertSnapshot.run(seq, SNAPSHOT_VERSION, body, Date.now());
    deleteEventsUpTo.run(seq);
    deleteSnapshotsBefore.run(seq);
  });
  const prune = createPrune(db);

  return {
    archive: createSqliteArchive(db),
    load: () => loadLog(newestSnapshot.get(), eventsAfter, lastSeq, file),
    commit(events, messages) {
      if (events.length === 0 && messages.length === 0) return;
      try {
        commitTx(events, messages);
      } catch (error) {
        throw sqliteError(error, file, 'a commit');
      }
      lastSeq += events.length; // only once the transaction holds them
    },
    snapshot(seq, state) {
      if (!Number.isInteger(seq) || seq < 0 || seq > lastSeq) throw new TypeError(`snapshot seq must be an integer from 0 to the last seq ${lastSeq}, got ${seq}`);
      const body = JSON.stringify(state);
      if (body === undefined) throw new TypeError('snapshot state must be JSON data');
      try {
        snapshotTx(seq, body);
      } catch (error) {
        throw sqliteError(error, file, 'a snapshot');
      }
    },
    prune(retention) {
      try {
        return prune(retention);
      } catch (error) {
        throw error instanceof TypeError ? error : sqliteError(error, file, 'pruning the archive');
      }
    },
    close() {
      if (!open) return;
      open = false;
      try {
        db.close();
      } finally {
        unlock();
      }
    },
  };
}

/** The newest snapshot and every event after it, upcast; a gap in the seqs or an unreadable row is corruption. */
function loadLog(
  snapshot: SnapshotRow | undefined,
  eventsAfter: Database.Statement<[number], EventRow>,
  lastSeq: number,
  file: string,
): LoadedLog {
  const from = snapshot?.seq ?? 0;
  const tail: RoomEvent[] = [];
  try {
    for (const row of eventsAfter.iterate(from)) {
      if (row.seq !== from + tail.length + 1) throw new StorageError(`${file} is corrupt: the log jumps from seq ${from + tail.length} to ${row.seq}`, 'CORRUPT');
      tail.push(upcastEvent(row.v, JSON.parse(row.body)));
    }
    const state = snapshot === undefined ? null : { seq: snapshot.seq, state: readSnapshot(snapshot) };
    return { snapshot: state, tail, lastSeq };
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof RangeError) {
      throw new StorageError(`${file} holds a log entry this rxchat cannot read (${error.message})`, 'CORRUPT', { cause: error });
    }
    throw sqliteError(error, file, 'loading the log');
  }
}

function readSnapshot(row: SnapshotRow): unknown {
  if (row.v !== SNAPSHOT_VERSION) throw new RangeError(`snapshot shape version ${row.v} is unknown (this rxchat knows ${SNAPSHOT_VERSION})`);
  return JSON.parse(row.body);
}
