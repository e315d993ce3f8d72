import type { ArchiveRequest } from '../src/effects.js';
import type { MessageFrame, ServerFrame } from '../src/protocol.js';
import type { Archive, ArchivedMessage } from './log/event-log.js';

/**
 * [ARCHIVE] The frames that answer an archive read: `history` as `message` frames marked
 * `history: true`, oldest first (an `info` when there are none); `search` as one `search` frame,
 * newest first, with `more` when an older page exists (one row more is read to know).
 */
export function answerArchive(archive: Archive, query: ArchiveRequest): ServerFrame[] {
  const before = query.before === undefined ? {} : { before: query.before };
  if (query.kind === 'history') {
    const rows = archive.history({ room: query.room, limit: query.limit, ...before });
    if (rows.length === 0) return [{ type: 'info', text: `no ${query.before === undefined ? '' : 'earlier '}history in ${query.room}` }];
    return rows.map((row) => ({ ...messageOf(row, query.room), history: true }));
  }
  const rows = archive.search({ room: query.room, words: query.words, limit: query.limit + 1, ...before });
  const page = rows.slice(0, query.limit).map((row) => messageOf(row, query.room));
  return [{ type: 'search', room: query.room, words: query.words, results: page, more: rows.length > query.limit }];
}

function messageOf(row: ArchivedMessage, room: string): MessageFrame {
  return { type: 'message', id: row.id, ts: row.ts, room, from: row.from, text: row.text, ...(row.kind ? { kind: row.kind } : {}) };
}
