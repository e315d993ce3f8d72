import type Database from 'better-sqlite3';
import { ARCHIVE_MAX_LIMIT, type Archive, type ArchivedMessage, type ArchiveQuery } from './event-log.js';
import { ftsQuery, roomToken } from './fts-query.js';

/** A messages row as stored. */
export interface MessageRow {
  readonly id: number;
  readonly ts: number;
  readonly room: string | null;
  readonly sender: string;
  readonly recipient: string | null;
  readonly text: string;
  readonly kind: string | null;
}

/** The columns of {@link MessageRow}, for every query that reads messages. */
export const MESSAGE_COLUMNS = 'id, ts, room, sender, recipient, text, kind';

/** A stored row as the contract's `ArchivedMessage` (`kind` only for actions). */
export function toArchived(row: MessageRow): ArchivedMessage {
  const message = { id: row.id, ts: row.ts, room: row.room, from: row.sender, to: row.recipient, text: row.text };
  return row.kind === 'action' ? { ...message, kind: 'action' } : message;
}

/** The newest id + 1 when `before` is absent: every id is below it. */
const NO_BOUND = Number.MAX_SAFE_INTEGER;

/**
 * The archive read by room over an open database ([ARCHIVE]): history pages back by id through the
 * (room, id) index; search goes through the FTS5 index narrowed to the room's token, newest first. Both filter
 * on `room = ?` too, so a private message (room NULL) can never be returned. Prepared once.
 */
export function createSqliteArchive(db: Database.Database): Archive {
  const history = db.prepare<[string, number, number], MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?`,
  );
  const search = db.prepare<[string, number, string, number], MessageRow>(
    `SELECT m.id, m.ts, m.room, m.sender, m.recipient, m.text, m.kind
       FROM messages_fts f JOIN messages m ON m.id = f.rowid
      WHERE messages_fts MATCH ? AND f.rowid < ? AND m.room = ?
      ORDER BY f.rowid DESC LIMIT ?`,
  );
  return {
    history(query) {
      if (checkLimit(query) === 0) return [];
      const rows = history.all(query.room, query.before ?? NO_BOUND, query.limit);
      return rows.reverse().map(toArchived);
    },
    search(query) {
      const words = ftsQuery(query.words);
      if (checkLimit(query) === 0 || words === null) return [];
      const match = `rtok : "${roomToken(query.room)}" AND ${words}`;
      return search.all(match, query.before ?? NO_BOUND, query.room, checkLimit(query)).map(toArchived);
    },
  };
}

/**
 * A limit of 0 asks for nothing (a peer may send `history` with `limit: 0` and `before`); anything else outside
 * 0..ARCHIVE_MAX_LIMIT is our own misuse (the protocol layer bounds it), a TypeError that says what to fix.
 */
function checkLimit(query: ArchiveQuery): number {
  if (!Number.isInteger(query.limit) || query.limit < 0 || query.limit > ARCHIVE_MAX_LIMIT) {
    throw new TypeError(`archive limit must be an integer from 0 to ${ARCHIVE_MAX_LIMIT}, got ${query.limit}`);
  }
  return query.limit;
}
