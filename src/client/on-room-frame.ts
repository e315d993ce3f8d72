import { assertNever } from '../assert-never.js';
import { foldNick } from '../nickname.js';
import type { JoinedFrame, LeftFrame, NickChangedFrame, RoomFrame, ServerFrame } from '../protocol.js';
import type { ClientStep } from './client-effect.js';
import type { ClientState, RoomView } from './client-state.js';
import { addSystem, stepTo, unchanged } from './client-step.js';
import { LEFT_WORDS, namesDone, onNamesPage, onPresence } from './on-presence.js';
import { addMember, hasMember, removeMember, sortMembers } from './room-members.js';

type RoomFrames = Extract<ServerFrame, { type: 'joined' | 'left' | 'presence' | 'room' | 'topic' | 'rooms' | 'nick' | 'whois' | 'info' }>;

/** [TUI-ROOMS] Frames about rooms and people: membership, topics, lists, renames, notices. */
export function onRoomFrame(state: ClientState, frame: RoomFrames, at: number): ClientStep<ClientState> {
  switch (frame.type) {
    case 'joined':
      return joined(state, frame, at);
    case 'left':
      return left(state, frame, at);
    case 'presence':
      return onPresence(state, frame, at);
    case 'room':
      return frame.after === undefined ? room(state, frame, at) : onNamesPage(state, { ...frame, after: frame.after }, at);
    case 'topic': {
      const view = state.rooms.get(frame.room);
      const rooms = view ? new Map(state.rooms).set(frame.room, { ...view, topic: frame.topic }) : state.rooms;
      const words = frame.by === null
        ? `topic of ${frame.room}: ${frame.topic ?? '(none)'}${frame.locked ? ' (locked)' : ''}`
        : `${frame.by} set the topic of ${frame.room}: ${frame.topic ?? '(none)'}`;
      return stepTo(addSystem({ ...state, rooms }, at, 'topic', words, frame.room));
    }
    case 'rooms': {
      const list = frame.rooms.map((r) => `${r.name} (${r.members})${r.topic ? ` ${r.topic}` : ''}`);
      return stepTo(addSystem(state, at, 'info', list.length === 0 ? 'no rooms' : `rooms: ${list.join(', ')}`));
    }
    case 'nick':
      return renamed(state, frame, at);
    case 'whois': {
      const since = new Date(frame.since).toISOString().slice(0, 16).replace('T', ' ');
      const words = `${frame.nick}${frame.oper ? ' (operator)' : ''}: in ${frame.rooms.join(' ') || 'no room'}, connected since ${since} UTC, idle ${Math.round(frame.idleMs / 1000)}s${frame.away === null ? '' : `, away: ${frame.away}`}`;
      return stepTo(addSystem(state, at, 'info', words));
    }
    case 'info':
      return stepTo(addSystem(state, at, 'info', frame.text));
    default:
      return assertNever(frame);
  }
}

function withRoom(state: ClientState, name: string, update: (room: RoomView) => RoomView): ClientState {
  const view = state.rooms.get(name);
  if (!view) return state;
  const next = update(view);
  return next === view ? state : { ...state, rooms: new Map(state.rooms).set(name, next) };
}

function joined(state: ClientState, frame: JoinedFrame, at: number): ClientStep<ClientState> {
  if (foldNick(frame.nick) === foldNick(state.nick ?? '')) return unchanged(state);
  const next = withRoom(state, frame.room, (r) => ({ ...r, members: addMember(r.members, frame.nick) }));
  return stepTo(addSystem(next, at, 'join', `${frame.nick} joined ${frame.room}`, frame.room));
}


function left(state: ClientState, frame: LeftFrame, at: number): ClientStep<ClientState> {
  const why = LEFT_WORDS[frame.reason] ?? 'left';
  const tail = `${frame.reason === 'part' ? ` ${frame.room}` : ''}${frame.text ? `: ${frame.text}` : ''}`;
  const words = `${frame.nick} ${why}${tail}`;
  if (foldNick(frame.nick) === foldNick(state.nick ?? '')) {
    const rooms = new Map(state.rooms);
    rooms.delete(frame.room);
    const current = state.room === frame.room ? (rooms.keys().next().value ?? state.room) : state.room;
    return stepTo(addSystem({ ...state, rooms, room: current, scroll: 0 }, at, 'leave', `you ${why === 'quit' ? 'left' : why} ${frame.room}${frame.text ? `: ${frame.text}` : ''}`));
  }
  const next = withRoom(state, frame.room, (r) => ({ ...r, members: removeMember(r.members, frame.nick) }));
  return stepTo(addSystem(next, at, 'leave', words, frame.room));
}

/**
 * A `room` frame's first page: a room just joined (it becomes current) or the answer to `/names`.
 * [NAMES-PAGE] It replaces the member list; the pages after it are asked for and added.
 */
function room(state: ClientState, frame: RoomFrame, at: number): ClientStep<ClientState> {
  const known = state.rooms.get(frame.room);
  const view: RoomView = { members: sortMembers(frame.members), topic: frame.topic, unread: known?.unread ?? 0, mentioned: known?.mentioned ?? false };
  const rooms = new Map(state.rooms).set(frame.room, view);
  if (known) return namesDone({ ...state, rooms }, frame, at);
  const topic = frame.topic === null ? '' : `; topic: ${frame.topic}`;
  const entered = addSystem({ ...state, rooms, room: frame.room, scroll: 0 }, at, 'join', `you joined ${frame.room} (${frame.count} member${frame.count === 1 ? '' : 's'})${topic}`, frame.room);
  return namesDone(entered, frame, at);
}

function renamed(state: ClientState, frame: NickChangedFrame, at: number): ClientStep<ClientState> {
  const self = foldNick(frame.old) === foldNick(state.nick ?? '');
  const rooms = new Map<string, RoomView>();
  for (const [name, view] of state.rooms) {
    rooms.set(name, hasMember(view.members, frame.old) ? { ...view, members: addMember(removeMember(view.members, frame.old), frame.nick) } : view);
  }
  const words = self ? `you are now known as ${frame.nick}` : `${frame.old} is now known as ${frame.nick}`;
  // /reply answers the person and /ignore hides the person, whatever they are called now.
  const old = foldNick(frame.old);
  const lastPrivate = state.lastPrivate !== undefined && foldNick(state.lastPrivate) === old ? frame.nick : state.lastPrivate;
  const ignored = state.ignored.includes(old) ? [...state.ignored.filter((n) => n !== old), foldNick(frame.nick)] : state.ignored;
  return stepTo(addSystem({ ...state, rooms, nick: self ? frame.nick : state.nick, lastPrivate, ignored }, at, 'info', words));
}
