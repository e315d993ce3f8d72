import { withoutMember, withRoom } from '../membership.js';
import { NAMES_PAGE, type JoinFrame, type LockTopicFrame, type NamesFrame, type PartFrame, type TopicFrame } from '../protocol.js';
import { validateRoom } from '../room-name.js';
import { selectRoomFrame, selectRoomsOf, type RoomState } from '../room-state.js';
import { parseCursor } from '../names-page.js';
import { cleanReason, neutralizeControls } from '../text-hygiene.js';
import { refuse, reply, send, type Ctx, type Step } from '../step.js';
import { enterRoom, selectRoomPages } from './enter-room.js';
import type { RoomOptions } from './options.js';

/** [TOPIC-MAX] A topic is at most this many characters. */
export const TOPIC_MAX = 300;

/** [JOIN] Joins a room, creating it; joining a room one is in just shows it again. */
export function join(ctx: Ctx<RoomOptions>, frame: JoinFrame): Step {
  const { state, conn, at } = ctx;
  const valid = validateRoom(frame.room);
  if (!valid.ok) return refuse(state, conn.id, 'ROOM_INVALID', valid.error);
  const room = state.rooms.get(valid.value);
  if (room?.members.has(conn.id)) return names(ctx, { type: 'names', room: valid.value, ...(frame.allNames ? { allNames: true } : {}) });
  if (selectRoomsOf(state, conn.id).length >= ctx.options.maxRoomsPerMember) {
    return refuse(state, conn.id, 'TOO_MANY_ROOMS', `you may be in at most ${ctx.options.maxRoomsPerMember} rooms; /part one first`);
  }
  if (!room && state.rooms.size >= ctx.options.maxRooms) return refuse(state, conn.id, 'TOO_MANY_ROOMS', 'the server has as many rooms as it holds; join an existing one');
  return enterRoom(state, conn, valid.value, at, frame.allNames === true);
}

/** [PART] Leaves a room; the others (and the leaver) are told. */
export function part(ctx: Ctx<RoomOptions>, frame: PartFrame): Step {
  const { state, conn, at } = ctx;
  const room = frame.room.toLowerCase();
  if (!state.rooms.get(room)?.members.has(conn.id)) return refuse(state, conn.id, 'NOT_IN_ROOM', `you are not in ${frame.room}`);
  const text = frame.reason === undefined ? {} : { text: cleanReason(frame.reason) };
  const left = { type: 'left', ts: at, room, nick: conn.nick, reason: 'part', ...text } as const;
  return {
    state: withoutMember(state, conn.id, room),
    effects: [{ type: 'presence', room, conn: conn.id, frame: left }, send(conn.id, left)],
  };
}

/** A room's topic and one page of its members ([NAMES-PAGE]), for one who is in it. */
export function names(ctx: Ctx<RoomOptions>, frame: NamesFrame): Step {
  const { state, conn } = ctx;
  const room = state.rooms.get(frame.room.toLowerCase());
  if (!room || !room.members.has(conn.id)) return refuse(state, conn.id, 'NOT_IN_ROOM', `you are not in ${frame.room}`);
  if (frame.after !== undefined && parseCursor(frame.after) === undefined) {
    return refuse(state, conn.id, 'BAD_FRAME', `"${frame.after.slice(0, 20)}" is not a names cursor; use the "next" of a room frame`);
  }
  if (frame.allNames) return reply(state, conn.id, ...selectRoomPages(state, room.name, frame.after));
  return reply(state, conn.id, selectRoomFrame(state, room.name, frame.after, NAMES_PAGE));
}

/** Every room with its member count and topic, by name. */
export function listRooms(state: RoomState, to: number): Step {
  const rooms = [...state.rooms.values()]
    .map((room) => ({ name: room.name, members: room.members.size, topic: room.topic?.text ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return reply(state, to, { type: 'rooms', rooms });
}

/** [TOPIC] Shows the topic, or sets it for every member to see; a locked topic only operators set. */
export function topic(ctx: Ctx<RoomOptions>, frame: TopicFrame): Step {
  const { state, conn, at } = ctx;
  const room = state.rooms.get(frame.room.toLowerCase());
  if (!room || !room.members.has(conn.id)) return refuse(state, conn.id, 'NOT_IN_ROOM', `you are not in ${frame.room}`);
  if (frame.text === undefined) {
    return reply(state, conn.id, {
      type: 'topic', room: room.name, topic: room.topic?.text ?? null, by: room.topic?.by ?? null, ts: room.topic?.at ?? at, locked: room.topicLocked,
    });
  }
  if (room.topicLocked && !conn.oper) return refuse(state, conn.id, 'TOPIC_LOCKED', `the topic of ${room.name} is locked`);
  if (frame.text.length > TOPIC_MAX) return refuse(state, conn.id, 'TEXT_TOO_LONG', `a topic is at most ${TOPIC_MAX} characters`);
  const text = neutralizeControls(frame.text.trim());
  const next = { ...room, topic: text === '' ? null : { text, by: conn.nick, at } };
  return {
    // Clearing a topic that is already clear changes nothing: the same state.
    state: next.topic === null && room.topic === null ? state : withRoom(state, next),
    effects: [{ type: 'broadcast', room: room.name, frame: { type: 'topic', room: room.name, topic: next.topic?.text ?? null, by: conn.nick, ts: at, locked: room.topicLocked } }],
  };
}

/** [TOPIC-LOCK] Operators lock or unlock a room's topic. */
export function lockTopic(ctx: Ctx<RoomOptions>, frame: LockTopicFrame): Step {
  const { state, conn, at } = ctx;
  if (!conn.oper) return refuse(state, conn.id, 'NOT_OPERATOR', 'only operators may lock a topic');
  const room = state.rooms.get(frame.room.toLowerCase());
  if (!room) return refuse(state, conn.id, 'ROOM_INVALID', `there is no room ${frame.room}`);
  if (room.topicLocked === frame.locked) return reply(state, conn.id, { type: 'info', text: `the topic of ${room.name} is already ${frame.locked ? 'locked' : 'unlocked'}` });
  return {
    state: withRoom(state, { ...room, topicLocked: frame.locked }),
    effects: [{ type: 'broadcast', room: room.name, frame: { type: 'topic', room: room.name, topic: room.topic?.text ?? null, by: room.topic?.by ?? null, ts: at, locked: frame.locked } }],
  };
}
