import { parseDuration } from '../duration.js';
import { carryFormatting } from './irc-format.js';
import type { IrcMessage } from './irc-message.js';
import { needMoreParams, numeric, reply } from './irc-replies.js';
import type { IrcSession, IrcStep } from './irc-session.js';
import { replyOnly, sendFrame } from './irc-step.js';

/**
 * [IRC-COMMANDS] The commands that are one native frame each, one function per command (ergo's
 * habit). Channel commands live in irc-channels.ts, messages in irc-talk.ts, MODE in irc-mode.ts.
 */

type Handler = (session: IrcSession, message: IrcMessage) => IrcStep;

const opt = (words: string | undefined) => (words === undefined || words === '' ? {} : { reason: carryFormatting(words) });

/** NICK after the welcome: a rename the room decides (433, 432), told as `:old NICK new`. */
export const nick: Handler = (session, { params: [wanted] }) => {
  if (wanted === undefined || wanted === '') return replyOnly(session, reply(numeric(session, '431', 'No nickname given')));
  // The room answers a rename to one's own nick with nothing: no context may wait for it ([IRC-ORDER]).
  if (wanted === session.nick) return replyOnly(session);
  return sendFrame(session, { type: 'nick', nick: wanted }, { command: 'NICK', target: wanted, answer: 'nick' });
};

/** `OPER name secret`: the name is ignored, the secret is the server's operator secret (381 or 464). */
export const oper: Handler = (session, { params }) => {
  if (params.length < 2 || params[1] === '') return replyOnly(session, needMoreParams(session, 'OPER'));
  return sendFrame(session, { type: 'oper', secret: params[1]! }, { command: 'OPER', target: params[0]!, answer: 'info' });
};

/** `AWAY :reason` (306) or `AWAY` (305). */
export const away: Handler = (session, { params: [words] }) =>
  sendFrame(session, { type: 'away', ...opt(words) }, { command: 'AWAY', target: '', answer: 'info' });

export const motd: Handler = (session) => sendFrame(session, { type: 'motd' }, { command: 'MOTD', target: '', answer: 'info' });

/** [IRC-PING] A client's PING goes through the room, so its PONG comes after every earlier answer. */
export const ping: Handler = (session, { params: [token] }) => {
  if (token === undefined || token === '') return replyOnly(session, reply(numeric(session, '409', 'No origin specified')));
  return sendFrame(session, { type: 'ping', ref: token }, { command: 'PING', target: token, answer: 'pong' });
};

/** A PONG answers the server's idle PING ([IDLE]). */
export const pong: Handler = (session, { params }) => {
  const token = params[params.length - 1];
  return sendFrame(session, { type: 'pong', ...(token === undefined ? {} : { ref: token }) }, { command: 'PONG', target: '' });
};

export const quit: Handler = (session, { params: [words] }) =>
  sendFrame(session, { type: 'quit', ...opt(words) }, { command: 'QUIT', target: '' });

/** `KILL nick :reason` is an operator's kick, as `KICK` is. */
export const kill: Handler = (session, { params: [who, words] }) => {
  if (who === undefined || who === '') return replyOnly(session, needMoreParams(session, 'KILL'));
  return sendFrame(session, { type: 'kick', nick: who, ...opt(words) }, { command: 'KILL', target: who });
};

/** `HISTORY #c [n]`: the room's last messages again, with their time (server-time). */
export const history: Handler = (session, { params: [room, limit] }) => {
  if (room === undefined || room === '') return replyOnly(session, needMoreParams(session, 'HISTORY'));
  const n = limit === undefined ? undefined : Number.parseInt(limit, 10);
  const bounded = n === undefined || !Number.isInteger(n) || n < 0 ? {} : { limit: n };
  return sendFrame(session, { type: 'history', room, ...bounded }, { command: 'HISTORY', target: room });
};

/** `MUTE nick [10m]` and `UNMUTE nick`, as `/quote` commands (also `MODE #c +q nick`). */
export const mute: Handler = (session, { command, params: [who, span] }) => {
  if (who === undefined || who === '') return replyOnly(session, needMoreParams(session, command));
  if (command === 'UNMUTE') return sendFrame(session, { type: 'unmute', nick: who }, { command, target: who });
  if (span === undefined) return sendFrame(session, { type: 'mute', nick: who }, { command, target: who });
  const duration = parseDuration(span);
  if (!duration.ok) return replyOnly(session, reply(numeric(session, '461', command, duration.error)));
  return sendFrame(session, { type: 'mute', nick: who, durationMs: duration.value }, { command, target: who });
};

/**
 * [SEARCH] `SEARCH #c :words`, or `SEARCH #c <id> :words` for the page before message `id`: the
 * room's archive searched; results come as NOTICEs, newest first.
 */
export const search: Handler = (session, { params }) => {
  const [room, ...rest] = params;
  const words = rest[rest.length - 1];
  const before = rest.length > 1 ? Number.parseInt(rest[0]!, 10) : undefined;
  if (room === undefined || room === '' || words === undefined || words.trim() === '') return replyOnly(session, needMoreParams(session, 'SEARCH'));
  const page = before !== undefined && Number.isInteger(before) && before > 0 ? { before } : {};
  return sendFrame(session, { type: 'search', room, words, ...page }, { command: 'SEARCH', target: room, answer: 'search' });
};
