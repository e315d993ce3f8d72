import type { ArchiveRequest } from '../effects.js';
import { HISTORY_MAX, SEARCH_PAGE, SEARCH_WORDS_MAX, type HistoryFrame, type SearchFrame } from '../protocol.js';
import { info, refuse, type Ctx, type Step } from '../step.js';
import { send } from '../step.js';
import type { RoomOptions } from './options.js';

/**
 * [HISTORY] Replays a room's messages to a member, marked as history. Without `before`, the last
 * `limit` (all the room keeps in memory by default) come from memory when it holds that many;
 * older ones, and any page `before` an id, come from the archive ([ARCHIVE]).
 */
export function replayHistory(ctx: Ctx<RoomOptions>, frame: HistoryFrame): Step {
  const { state, conn } = ctx;
  const room = state.rooms.get(frame.room.toLowerCase());
  if (!room || !room.members.has(conn.id)) return refuse(state, conn.id, 'NOT_IN_ROOM', `you are not in ${frame.room}`);
  if (frame.limit !== undefined && frame.limit > HISTORY_MAX) {
    return refuse(state, conn.id, 'BAD_FRAME', `history gives at most ${HISTORY_MAX} messages at a time; page back with "before"`);
  }
  const held = room.history.size;
  const limit = frame.limit ?? held;
  if (limit === 0) return { state, effects: [info(conn.id, `no history in ${room.name}`)] };
  if (frame.before === undefined && limit <= held) {
    const replay = room.history.last(limit);
    return { state, effects: replay.map((message) => send(conn.id, { ...message, history: true })) };
  }
  return archive(ctx, { kind: 'history', room: room.name, limit, ...(frame.before === undefined ? {} : { before: frame.before }) });
}

/** [SEARCH] One page of a full-text search of a room's archive, for a member of the room. */
export function searchArchive(ctx: Ctx<RoomOptions>, frame: SearchFrame): Step {
  const { state, conn } = ctx;
  const room = state.rooms.get(frame.room.toLowerCase());
  if (!room || !room.members.has(conn.id)) return refuse(state, conn.id, 'NOT_IN_ROOM', `you are not in ${frame.room}`);
  const words = frame.words.trim();
  if (words.length === 0) return refuse(state, conn.id, 'TEXT_EMPTY', 'say what to search for');
  if (words.length > SEARCH_WORDS_MAX) return refuse(state, conn.id, 'TEXT_TOO_LONG', `a search is at most ${SEARCH_WORDS_MAX} characters`);
  return archive(ctx, { kind: 'search', room: room.name, words, limit: SEARCH_PAGE, ...(frame.before === undefined ? {} : { before: frame.before }) });
}

function archive(ctx: Ctx<RoomOptions>, query: ArchiveRequest): Step {
  return { state: ctx.state, effects: [{ type: 'archive', conn: ctx.conn.id, query }] };
}
