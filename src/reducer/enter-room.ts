import type { Effect } from '../effects.js';
import { withMember } from '../membership.js';
import type { Connection, RoomState } from '../room-state.js';
import { selectRoomFrame } from '../room-state.js';
import { send, type Step } from '../step.js';

/**
 * Makes a registered connection a member of `room`: it gets the room (topic, members) and the
 * room's history, marked as such ([HISTORY-REPLAY]); the other members are told by a `presence`
 * effect, which the driver coalesces ([PRESENCE]).
 */
export function enterRoom(state: RoomState, conn: Connection & { nick: string }, room: string, at: number): Step {
  const next = withMember(state, conn.id, room, at);
  const current = next.rooms.get(room)!;
  const effects: Effect[] = [send(conn.id, selectRoomFrame(next, room))];
  for (const message of current.history) effects.push(send(conn.id, { ...message, history: true }));
  effects.push({ type: 'presence', room, conn: conn.id, frame: { type: 'joined', ts: at, room, nick: conn.nick } });
  return { state: next, effects };
}
