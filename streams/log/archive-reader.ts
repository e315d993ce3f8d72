import type { ArchivedMessage } from './event-log.js';
import { MESSAGE_COLUMNS, toArchived, type MessageRow } from './sqlite-archive.js';
import { openReadOnly } from './sqlite-open.js';

/** Which archived messages a reader walks. */
export interface ArchiveSelection {
  /** One room (its lower-case key), or every room when absent. */
  readonly room?: string;
  /** Only messages at or after this time (ms epoch). */
  readonly since?: number;
  /** Private messages too (never with `room`). */
  readonly includePrivate?: boolean;
}

/** The archive of a data directory opened read-only. */
export interface ArchiveReader {
  /** The selected messages, oldest first, in pages of at most `pageSize`: memory stays bounded by one page. */
  pages(selection: ArchiveSelection, pageSize?: number): Generator<readonly ArchivedMessage[]>;
  close(): void;
}

/**
 * Opens the archive of `dir` for reading, without the writer lock, so it works while a server runs. Each page is
 * its own short read (keyset paging by id), so a long export never holds the server's WAL back. Throws a
 * `StorageError` for a missing, foreign, corrupt or newer database.
 */
export function openArchiveReader(dir: string): ArchiveReader {
  const db = openReadOnly(dir);
  const firstAtOrAfter = db.prepare<[number], number>('SELECT id FROM messages WHERE ts >= ? ORDER BY id LIMIT 1').pluck();
  const inRoom = db.prepare<[string, number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE room = ? AND id > ? ORDER BY room, id LIMIT ?`);
  const inRooms = db.prepare<[number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id > ? AND room IS NOT NULL ORDER BY id LIMIT ?`);
  const everything = db.prepare<[number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id > ? ORDER BY id LIMIT ?`);

  const page = (selection: ArchiveSelection, after: number, size: number): MessageRow[] =>
    selection.room !== undefined ? inRoom.all(selection.room, after, size)
      : selection.includePrivate === true ? everything.all(after, size)
        : inRooms.all(after, size);

  return {
    *pages(selection, pageSize = 1000) {
      let after = 0;
      if (selection.since !== undefined) {
        const first = firstAtOrAfter.get(selection.since);
        if (first === undefined) return;
        after = first - 1;
      }
      for (;;) {
        const rows = page(selection, after, pageSize);
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.id;
        yield rows.map(toArchived);
      }
    },
    close: () => db.close(),
  };
}
