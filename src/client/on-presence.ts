import { foldNick } from '../nickname.js';
import type { LeaveReason, PresenceFrame, RoomFrame } from '../protocol.js';
import type { ClientEffect, ClientStep } from './client-effect.js';
import type { ClientState, RoomView } from './client-state.js';
import { addSystem, stepTo, unchanged } from './client-step.js';
import { sortMembers } from './room-members.js';

/** How a leave reads: `bob quit`, `bob left #dev`, `bob was kicked`... */
export const LEFT_WORDS: Readonly<Record<LeaveReason, string>> = {
  quit: 'quit', part: 'left', disconnected: 'disconnected', 'slow-consumer': 'was dropped (too slow)',
  'protocol-error': 'was dropped (protocol error)', kicked: 'was kicked', banned: 'was banned',
  timeout: 'timed out', flooding: 'was dropped for flooding',
};

function withMembers(state: ClientState, name: string, view: RoomView, members: readonly string[]): ClientState {
  return { ...state, rooms: new Map(state.rooms).set(name, { ...view, members }) };
}

/**
 * [PRESENCE] A window's joins and leaves: the members pane takes the leaves out and the joins in
 * (whatever it already knew, so a list got mid-window comes out right), and the lines name only
 * those whose change the pane did not know yet; nothing is printed for a `quiet` (big) room.
 */
export function onPresence(state: ClientState, frame: PresenceFrame, at: number): ClientStep<ClientState> {
  const view = state.rooms.get(frame.room);
  if (!view) return unchanged(state);
  const self = foldNick(state.nick ?? '');
  const known = new Set(view.members.map(foldNick));
  const gone = new Set(frame.left.map((l) => foldNick(l.nick)));
  const arrived = frame.joined.filter((nick) => foldNick(nick) !== self);
  const members = sortMembers([...view.members.filter((m) => !gone.has(foldNick(m))), ...arrived]);
  let next = withMembers(state, frame.room, view, members);
  if (frame.quiet) return stepTo(next);
  const newcomers = arrived.filter((nick) => !known.has(foldNick(nick)));
  const leavers = frame.left.filter((l) => known.has(foldNick(l.nick)) && foldNick(l.nick) !== self);
  if (newcomers.length > 0) next = addSystem(next, at, 'join', `${newcomers.join(', ')} joined ${frame.room}`, frame.room);
  if (leavers.length > 0) {
    const words = leavers.map((l) => `${l.nick} ${LEFT_WORDS[l.reason] ?? 'left'}${l.text ? ` (${l.text})` : ''}`);
    next = addSystem(next, at, 'leave', words.join(', '), frame.room);
  }
  return stepTo(next);
}

/**
 * [NAMES-PAGE] A later page of a room's members (`after` set): added to what the first page
 * started; the next page is asked for while there is one. `/names` prints once the last arrives.
 */
export function onNamesPage(state: ClientState, frame: RoomFrame & { after: string }, at: number): ClientStep<ClientState> {
  const view = state.rooms.get(frame.room);
  if (!view) return unchanged(state);
  const next = withMembers(state, frame.room, view, sortMembers([...view.members, ...frame.members]));
  return namesDone(next, frame, at);
}

/** Asks for the page after `frame` if there is one, else prints an awaited `/names`. */
export function namesDone(state: ClientState, frame: RoomFrame, at: number): ClientStep<ClientState> {
  if (frame.next !== undefined) return stepTo(state, nextPage(frame));
  if (!state.awaitingNames.includes(frame.room)) return stepTo(state);
  const awaitingNames = state.awaitingNames.filter((r) => r !== frame.room);
  const members = state.rooms.get(frame.room)?.members ?? [];
  return stepTo(addSystem({ ...state, awaitingNames }, at, 'info', `in ${frame.room}: ${members.join(' ')}`, frame.room));
}

function nextPage(frame: RoomFrame): ClientEffect {
  return { type: 'send', frame: { type: 'names', room: frame.room, after: frame.next! } };
}
