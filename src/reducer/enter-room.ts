import type { Effect } from '../effects.js';
import { withMember } from '../membership.js';
import { NAMES_PAGE, type RoomFrame } from '../protocol.js';
import type { Connection, RoomState } from '../room-state.js';
import { selectRoomFrame } from '../room-state.js';
import { send, type Step } from '../step.js';

/**
 * Makes a registered connection a member of `room`: it gets the room (topic, members) and the
 * room's history, marked as such ([HISTORY-REPLAY]); the other members are told by a `presence`
 * effect, which the driver coalesces ([PRESENCE]). With `allNames` ([NAMES-ALL]) the room comes
 * as every page of its members, before the history.
 */
export function enterRoom(state: RoomState, conn: Connection & { nick: string }, room: string, at: number, allNames = false): Step {
  const next = withMember(state, conn.id, room, at);
  const current = next.rooms.get(room)!;
  const pages = allNames ? selectRoomPages(next, room, undefined) : [selectRoomFrame(next, room)];
  const effects: Effect[] = pages.map((page) => send(conn.id, page));
  for (const message of current.history) effects.push(send(conn.id, { ...message, history: true }));
  effects.push({ type: 'presence', room, conn: conn.id, frame: { type: 'joined', ts: at, room, nick: conn.nick } });
  return { state: next, effects };
}

/**
 * [NAMES-ALL] Every page of a room's members after the cursor `after` (from the start without
 * one), [NAMES-PAGE] each: the first as it would answer `names`, the rest with `after` set, so a
 * client reads them as it reads pages it asked for one by one. O(members), in one turn: for
 * clients that must show every member before anything else (IRC's NAMES before 366).
 */
export function selectRoomPages(state: RoomState, room: string, after: string | undefined): RoomFrame[] {
  const pages = [selectRoomFrame(state, room, after, NAMES_PAGE)];
  for (let last = pages[0]!; last.next !== undefined;) {
    last = selectRoomFrame(state, room, last.next, NAMES_PAGE);
    pages.push(last);
  }
  return pages;
}
