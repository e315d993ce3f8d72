import type { Entry } from '../src/client/client-entry.js';
import type { ClientState } from '../src/client/client-state.js';

/** [WEB-VIEW] What the messages pane shows: a room's entries, or one private conversation. */
export type View = { readonly kind: 'room'; readonly room: string } | { readonly kind: 'private'; readonly nick: string };

const fold = (nick: string) => nick.toLowerCase();

/** Whether `entry` belongs in `view`: a room shows its own and room-less system lines; a private tab its two sides. */
export function inView(entry: Entry, view: View): boolean {
  if (view.kind === 'private') {
    if (entry.kind === 'private') return fold(entry.from) === fold(view.nick) || fold(entry.to) === fold(view.nick);
    return entry.kind === 'own' && entry.to !== undefined && fold(entry.to) === fold(view.nick);
  }
  if (entry.kind === 'private' || (entry.kind === 'own' && entry.to !== undefined)) return false;
  return entry.room === undefined || entry.room === view.room;
}

/** [WEB-VIEW] `state` showing room `name`, its unread count and mention mark cleared; the same state if the user is not in it. */
export function showRoom(state: ClientState, name: string): ClientState {
  const room = state.rooms.get(name);
  return room ? { ...state, room: name, rooms: new Map(state.rooms).set(name, { ...room, unread: 0, mentioned: false }) } : state;
}
