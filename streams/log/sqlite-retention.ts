import type Database from 'better-sqlite3';

/** What {@link EventLog.prune} is asked to keep. */
export interface Retention { readonly olderThan?: number; readonly keepPerRoom?: number }

/**
 * [RETENTION] Retention over the archive, in one transaction. `olderThan`: messages (room and private) with a
 * timestamp before it go. Ids follow time, so the cut is "every id below the first message at or after
 * olderThan", found by walking the ids from the oldest, not by scanning every row. `keepPerRoom`: in each room,
 * messages beyond the newest N go (private messages are kept by `olderThan` alone). Returns the number deleted.
 */
export function createPrune(db: Database.Database): (retention: Retention) => number {
  const firstAtOrAfter = db.prepare<[number], { id: number }>('SELECT id FROM messages WHERE ts >= ? ORDER BY id LIMIT 1');
  const deleteBelow = db.prepare<[number]>('DELETE FROM messages WHERE id < ?');
  // Rooms one at a time through the (room, id) index: a seek each, never a scan of every message.
  const nextRoom = db.prepare<[string], { room: string }>('SELECT room FROM messages WHERE room > ? ORDER BY room LIMIT 1');
  const nthNewest = db.prepare<[string, number], { id: number }>('SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?');
  const deleteRoomBelow = db.prepare<[string, number]>('DELETE FROM messages WHERE room = ? AND id < ?');

  const byAge = (olderThan: number): number => {
    const first = firstAtOrAfter.get(olderThan);
    return deleteBelow.run(first?.id ?? Number.MAX_SAFE_INTEGER).changes;
  };
  const byCount = (keep: number): number => {
    let deleted = 0;
    for (let row = nextRoom.get(''); row !== undefined; row = nextRoom.get(row.room)) {
      const cut = nthNewest.get(row.room, keep - 1);
      if (cut !== undefined) deleted += deleteRoomBelow.run(row.room, cut.id).changes;
    }
    return deleted;
  };
  const prune = db.transaction((retention: Retention): number => {
    let deleted = 0;
    if (retention.olderThan !== undefined) deleted += byAge(retention.olderThan);
    if (retention.keepPerRoom !== undefined) deleted += byCount(retention.keepPerRoom);
    return deleted;
  });
  return (retention) => {
    const keep = retention.keepPerRoom;
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new TypeError(`keepPerRoom must be a positive integer, got ${keep}`);
    return prune(retention);
  };
}
