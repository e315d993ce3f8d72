import type { WelcomeFrame } from '../protocol.js';
import type { ClientEffect, ClientStep } from './client-effect.js';
import type { ClientState, RoomView } from './client-state.js';
import { addSystem, stepTo } from './client-step.js';
import { frameOf, takeQueued } from './outbox.js';
import { startSession } from './scrollback.js';

/**
 * [TUI-WELCOME] The nickname was accepted. After a reconnect, the rooms the user was in are
 * joined again, then everything typed while offline is sent, in order ([TUI-RECONNECT]).
 */
export function onWelcome(state: ClientState, frame: WelcomeFrame, at: number): ClientStep<ClientState> {
  const again = state.phase === 'chatting';
  const rejoin = [...state.rooms.keys()].filter((room) => room !== frame.room);
  // [WELCOME-MEMBERS] The lobby's room frame, right after, brings its members.
  const lobby: RoomView = { members: state.rooms.get(frame.room)?.members ?? [], topic: state.rooms.get(frame.room)?.topic ?? null, unread: 0, mentioned: false };
  const rooms = new Map(state.rooms).set(frame.room, lobby);
  const { outbox, ready } = takeQueued(state.outbox);
  // [RESUME] The server kept this session and remembers its refs ([DEDUPE]): what the drop left
  // unconfirmed is sent again with the same refs, and any the server already had is only re-acked.
  const resent = frame.resumed === true ? state.unconfirmed.map((item) => ({ ...item, status: 'sent' as const })) : [];
  const effects: ClientEffect[] = [
    ...rejoin.map((room): ClientEffect => ({ type: 'send', frame: { type: 'join', room } })),
    ...[...resent, ...ready].map((item): ClientEffect => ({ type: 'send', frame: frameOf(item) })),
  ];
  let next: ClientState = {
    ...state, phase: 'chatting', nick: frame.nick, registered: true, rooms, outbox: [...resent, ...outbox],
    // [TUI-SESSION-IDS] A new session: its ids are not compared with those shown before.
    log: frame.resumed === true ? state.log : startSession(state.log),
    unconfirmed: resent.length > 0 ? [] : state.unconfirmed,
    room: rooms.has(state.room) ? state.room : frame.room, maxTextLength: frame.maxTextLength,
    ...(frame.resume === undefined ? {} : { resume: frame.resume }),
  };
  if (resent.length > 0) {
    const refs = new Set(resent.map((item) => item.ref));
    next = addSystem(next, at, 'info', `session resumed: sending ${resent.length} unconfirmed message${resent.length === 1 ? '' : 's'} again (the server drops any it already had)`);
    next = { ...next, log: { ...next.log, entries: next.log.entries.map((e) => (e.kind === 'own' && refs.has(e.ref) ? { ...e, delivery: 'sent' as const } : e)) } };
  }
  const words = again
    ? `reconnected as ${frame.nick}${frame.resumed === true ? ' (session resumed)' : ''}${ready.length > 0 ? `; sending ${ready.length} message${ready.length === 1 ? '' : 's'} typed while offline` : ''}`
    : `connected as ${frame.nick} in ${frame.room}; /help lists commands`;
  next = addSystem(next, at, 'info', words);
  const log = next.log;
  next = { ...next, log: { ...log, entries: log.entries.map((e) => (e.kind === 'own' && e.delivery === 'queued' ? { ...e, delivery: 'sent' as const } : e)) } };
  return stepTo(next, ...effects);
}
