import type { ClientState } from '../src/client/client-state.js';
import type { Shell } from './dom.js';
import type { Mark } from './member-marks.js';
import type { View } from './render-log.js';

/** The private conversations so far: everyone who wrote to us or whom we wrote to. */
function privatePeers(state: ClientState): string[] {
  const peers = new Set<string>();
  for (const e of state.log.entries) {
    if (e.kind === 'private') peers.add(e.from === state.nick ? e.to : e.from);
    else if (e.kind === 'own' && e.to !== undefined) peers.add(e.to);
  }
  return [...peers];
}

/** [WEB-SIDE] Rooms with unread counts and mention marks, private tabs, the topic bar, the members. */
export function renderSide(
  shell: Shell, state: ClientState, view: View, marks: ReadonlyMap<string, Mark>,
  choose: (view: View) => void, pick: (nick: string) => void,
): void {
  const { el } = shell;
  const tabs: HTMLElement[] = [];
  for (const [name, room] of state.rooms) {
    const button = el('button', { type: 'button', textContent: name });
    if (room.unread > 0) button.append(el('span', { className: 'unread', textContent: String(room.unread), title: `${room.unread} unread` }));
    if (room.mentioned) button.append(el('span', { className: 'mention-mark', textContent: '@', title: 'you were mentioned' }));
    if (view.kind === 'room' && view.room === name) button.setAttribute('aria-current', 'page');
    button.addEventListener('click', () => choose({ kind: 'room', room: name }));
    tabs.push(el('li', {}, button));
  }
  for (const nick of privatePeers(state)) {
    const button = el('button', { type: 'button', textContent: `@${nick}`, className: 'private' });
    if (view.kind === 'private' && view.nick === nick) button.setAttribute('aria-current', 'page');
    button.addEventListener('click', () => choose({ kind: 'private', nick }));
    tabs.push(el('li', {}, button));
  }
  shell.rooms.replaceChildren(...tabs);
  const room = view.kind === 'room' ? state.rooms.get(view.room) : undefined;
  shell.topic.textContent = view.kind === 'private' ? `Private with ${view.nick}` : `${view.room}${room?.topic ? ` · ${room.topic}` : ''}`;
  shell.members.replaceChildren(...(room?.members ?? []).map((nick) => {
    const mark = marks.get(nick.toLowerCase());
    const button = el('button', { type: 'button', textContent: `${mark?.oper ? '@' : ''}${nick}`, title: `Write to ${nick} privately` });
    if (mark?.away) {
      button.classList.add('away');
      button.append(el('span', { className: 'away-mark', textContent: ' (away)', title: mark.reason ?? 'away' }));
    }
    button.addEventListener('click', () => pick(nick));
    return el('li', {}, button);
  }));
  const conn = state.conn.status === 'online' ? (state.nick && state.registered ? state.nick : 'online') : state.conn.status;
  shell.status.textContent = conn;
}
