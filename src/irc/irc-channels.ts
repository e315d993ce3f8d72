import { carryFormatting } from './irc-format.js';
import type { IrcMessage } from './irc-message.js';
import { needMoreParams, numeric, reply } from './irc-replies.js';
import type { IrcSession, IrcStep } from './irc-session.js';
import { parseWhox } from './irc-whox.js';
import { isChannel, replyOnly, sendFrame, sendFrames, targets, type Sent } from './irc-step.js';

/** [IRC-TARGETS] JOIN, PART and NAMES take at most this many channels from one line. */
export const IRC_MAX_CHANNELS = 20;

/**
 * [IRC-JOIN] `JOIN #a,#b` is two joins, in order; `JOIN 0` parts every channel. Keys are ignored.
 * Each asks for every page of the members ([NAMES-ALL]): IRC lists them all before 366.
 */
export function join(session: IrcSession, message: IrcMessage): IrcStep {
  const list = message.params[0];
  if (list === undefined || list === '') return replyOnly(session, needMoreParams(session, 'JOIN'));
  if (list === '0') return partAll(session);
  const sent = targets(list, IRC_MAX_CHANNELS).map((room): Sent => ({
    frame: { type: 'join', room, allNames: true }, context: { command: 'JOIN', target: room, answer: 'room' },
  }));
  return sendFrames(session, sent);
}

function partAll(session: IrcSession): IrcStep {
  const sent = [...session.channels.keys()].map((room): Sent => ({
    frame: { type: 'part', room }, context: { command: 'PART', target: room, answer: 'left' },
  }));
  return sendFrames(session, sent);
}

/** [IRC-PART] `PART #a,#b :reason`. */
export function part(session: IrcSession, message: IrcMessage): IrcStep {
  const [list, reason] = message.params;
  const rooms = targets(list, IRC_MAX_CHANNELS);
  if (rooms.length === 0) return replyOnly(session, needMoreParams(session, 'PART'));
  const words = reason === undefined || reason === '' ? {} : { reason: carryFormatting(reason) };
  return sendFrames(session, rooms.map((room): Sent => ({
    frame: { type: 'part', room, ...words }, context: { command: 'PART', target: room, answer: 'left' },
  })));
}

/** [IRC-TOPIC] `TOPIC #c` asks (331 or 332/333), `TOPIC #c :text` sets, `TOPIC #c :` clears. */
export function topic(session: IrcSession, message: IrcMessage): IrcStep {
  const [room, text] = message.params;
  if (room === undefined || room === '') return replyOnly(session, needMoreParams(session, 'TOPIC'));
  const frame = text === undefined ? { type: 'topic', room } as const : { type: 'topic', room, text: carryFormatting(text) } as const;
  return sendFrame(session, frame, { command: 'TOPIC', target: room, answer: 'topic' });
}

/** [IRC-NAMES] `NAMES #a,#b`, or every joined channel; with none, just 366. */
export function names(session: IrcSession, message: IrcMessage): IrcStep {
  const asked = targets(message.params[0], IRC_MAX_CHANNELS);
  const rooms = asked.length > 0 ? asked : [...session.channels.keys()];
  if (rooms.length === 0) return replyOnly(session, reply(numeric(session, '366', '*', 'End of /NAMES list')));
  return sendFrames(session, rooms.map((room): Sent => ({
    frame: { type: 'names', room, allNames: true }, context: { command: 'NAMES', target: room, answer: 'room' },
  })));
}

/** [IRC-LIST] `LIST` or `LIST #a,#b` (the filter applies to the answer): 321, 322..., 323. */
export function list(session: IrcSession, message: IrcMessage): IrcStep {
  return sendFrame(session, { type: 'rooms' }, { command: 'LIST', target: message.params[0] ?? '', answer: 'rooms' });
}

/**
 * [IRC-WHO] `WHO #c` reads the room's members as 352 lines (the asker among them) and 315, which
 * irssi waits for before it calls a channel synced; `WHO nick` asks about one person.
 */
export function who(session: IrcSession, message: IrcMessage): IrcStep {
  const mask = message.params[0];
  if (mask === undefined || mask === '' || mask === '*' || mask === '0') {
    return replyOnly(session, reply(numeric(session, '315', mask || '*', 'End of /WHO list')));
  }
  // [IRC-WHOX] `WHO #c %cuhnf,42` asks for 354 lines with those fields.
  const whox = parseWhox(message.params[1]);
  const context = { command: 'WHO', target: mask, ...(whox ? { whox } : {}) };
  return isChannel(mask)
    ? sendFrame(session, { type: 'names', room: mask, allNames: true }, { ...context, answer: 'room' })
    : sendFrame(session, { type: 'whois', nick: mask }, { ...context, answer: 'whois' });
}

/** [IRC-WHOIS] `WHOIS nick` or `WHOIS server nick`: 311, 319, 312, 301, 313, 317, 318. */
export function whois(session: IrcSession, message: IrcMessage): IrcStep {
  const nick = targets(message.params[message.params.length > 1 ? 1 : 0], 1)[0];
  if (nick === undefined) return replyOnly(session, reply(numeric(session, '431', 'No nickname given')));
  return sendFrame(session, { type: 'whois', nick }, { command: 'WHOIS', target: nick, answer: 'whois' });
}

/**
 * [IRC-KICK] `KICK #c nick :reason`: rxchat's kick is an operator's, and it disconnects the
 * person from the server (every IRC reader sees a QUIT), not from one channel.
 */
export function kick(session: IrcSession, message: IrcMessage): IrcStep {
  const [room, list, reason] = message.params;
  const nicks = targets(list, IRC_MAX_CHANNELS);
  if (room === undefined || nicks.length === 0) return replyOnly(session, needMoreParams(session, 'KICK'));
  const words = reason === undefined || reason === '' ? {} : { reason: carryFormatting(reason) };
  return sendFrames(session, nicks.map((nick): Sent => ({
    frame: { type: 'kick', nick, ...words }, context: { command: 'KICK', target: nick, room },
  })));
}

/** [IRC-INVITE] Every room is open to anyone: there is nothing to invite to, so 518 says so. */
export function invite(session: IrcSession, message: IrcMessage): IrcStep {
  const room = message.params[1];
  if (message.params[0] === undefined || room === undefined) return replyOnly(session, needMoreParams(session, 'INVITE'));
  return replyOnly(session, reply(numeric(session, '518', room, 'INVITE is not used here: anyone may JOIN any room')));
}
