import type { Effect } from '../effects.js';
import { withSuccessor } from '../membership.js';
import { LOBBY } from '../protocol.js';
import { selectRoomFrame, selectRoomsOf, type Connection, type RoomState } from '../room-state.js';
import { log, registered, send, type Step } from '../step.js';
import type { RoomOptions } from './options.js';
import { welcomeFrame } from './welcome.js';

/**
 * [RESUME] A new connection proved it owns a registered session (the `resume` token of its
 * welcome): it takes the session over, nickname, rooms, operator status, away message and sent
 * refs ([DEDUPE]) included, and the old connection is closed. Nobody sees a leave and a join; the
 * newcomer gets each room and its history again, so what it missed while away is replayed.
 * Only a connection not yet registered gets here.
 */
/** [RESUME-REPLAY] Replayed messages on a resume, across all the session's rooms. */
export const RESUME_REPLAY = 50;
/** [RESUME-SEEN-MAX] Most messages a resume with `seen` replays, across all the session's rooms. */
export const RESUME_SEEN_MAX = 1_000;

export function resume(state: RoomState, conn: Connection, owner: Connection & { nick: string }, at: number, options: RoomOptions, seen?: number): Step {
  const rooms = selectRoomsOf(state, owner.id);
  const successor: Connection & { nick: string } = {
    ...conn, nick: owner.nick, oper: owner.oper, away: owner.away, recent: owner.recent, activeAt: at,
  };
  const next = withSuccessor(state, owner, successor);
  const room = rooms.includes(LOBBY) ? LOBBY : (rooms[0] ?? LOBBY);
  const effects: Effect[] = [
    send(owner.id, { type: 'bye', reason: 'your session was resumed from another connection', code: 'resumed' }),
    { type: 'close', conn: owner.id, reason: 'resumed' },
    registered(conn.id, owner.nick),
    send(conn.id, welcomeFrame(successor, room, options, true)),
  ];
  // [RESUME-REPLAY] At most RESUME_REPLAY messages in all, newest of each room, so a resume (with
  // up to [ROOM-CAP] rooms) stays well within what one turn may send; `history` asks for more.
  // [RESUME-SEEN] A client that says what it has shown gets what came after, up to a larger bound.
  const perRoom = Math.ceil((seen === undefined ? RESUME_REPLAY : RESUME_SEEN_MAX) / Math.max(1, rooms.length));
  for (const name of rooms) {
    effects.push(send(conn.id, selectRoomFrame(next, name)));
    const newest = next.rooms.get(name)!.history.last(perRoom);
    for (const message of newest) if (seen === undefined || message.id > seen) effects.push(send(conn.id, { ...message, history: true }));
  }
  effects.push(log('info', 'member resumed', { conn: conn.id, previous: owner.id, nick: owner.nick }));
  return { state: next, effects };
}
