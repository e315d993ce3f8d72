import { assertNever } from '../assert-never.js';
import type { AckFrame, ErrorFrame, InfoFrame, RoomFrame, ServerFrame, TopicChangedFrame, WhoisReplyFrame } from '../protocol.js';
import { joinLines, listLines, motdLines, namesLines, welcomeLines, whoisLines, whoLines } from './irc-burst.js';
import { errorLines } from './irc-errors.js';
import { carryFormatting, restoreFormatting } from './irc-format.js';
import { neutralizeControls } from '../text-hygiene.js';
import { formatIrcLine } from './irc-message.js';
import { renderFrom, renderLeft, renderMessage, renderPrivate, renderTopicChange, tagsFor, type TagChoice } from './irc-render.js';
import { closingLink, numeric, serverLine } from './irc-replies.js';
import { hasCap, hostmask, IRC_SERVER, LOCAL_REF, type IrcContext, type IrcSession } from './irc-session.js';
import { learn } from './irc-shared.js';

/** A frame for one IRC reader as wire text (possibly several lines, possibly none), and the session after it. */
export interface IrcEncoded {
  readonly session: IrcSession;
  readonly text: string;
}

const done = (session: IrcSession, text: string): IrcEncoded => ({ session, text });

/** The reader's tag choice ([IRC-TAGS]). */
export function tagChoice(session: IrcSession): TagChoice {
  return { time: hasCap(session, 'server-time'), msgid: hasCap(session, 'message-tags') };
}

/** The session without the context at the head of `awaiting` (an answer arrived for it). */
function answered(session: IrcSession): IrcSession {
  return session.awaiting.length === 0 ? session : { ...session, awaiting: session.awaiting.slice(1) };
}

/**
 * [IRC-ENCODE] A frame the room sent to this connection alone, as IRC lines: replies take the form
 * their command wants (the context at the head of `awaiting`), and the session learns what the
 * frame tells (its nick, its channels). Frames with no IRC form give no text.
 */
export function encodeIrcFrame(session: IrcSession, frame: ServerFrame): IrcEncoded {
  const head = session.awaiting[0];
  switch (frame.type) {
    case 'welcome': {
      const next = { ...answered(session), phase: 'welcomed' as const, nick: frame.nick, motdPending: true };
      return done(next, welcomeLines(session, frame));
    }
    case 'info': return info(session, frame, head);
    case 'room': return room(session, frame, head);
    case 'message': return done(session, renderMessage(frame, tagChoice(session)));
    case 'private': return done(session, renderPrivate(frame, tagChoice(session)));
    case 'ack': return ack(session, frame);
    case 'error': return error(session, frame, head);
    case 'bye': return done(session, closingLink(session, frame.reason));
    case 'ping': return done(session, formatIrcLine({ command: 'PING', params: [frame.ref] }));
    case 'pong':
      if (head?.replies !== undefined && frame.ref === LOCAL_REF) return done(answered(session), head.replies);
      return done(answered(session), serverLine('PONG', IRC_SERVER, frame.ref ?? IRC_SERVER));
    case 'topic': return head?.command === 'TOPIC' ? done(answered(session), topicReply(session, frame)) : done(learn(session, frame), renderTopicChange(frame, tagChoice(session)));
    case 'rooms': return done(answered(session), listLines(session, frame, head?.command === 'LIST' ? head.target : ''));
    case 'whois': return done(answered(session), whoisReply(session, frame, head));
    case 'joined': return done(session, renderFrom(frame.nick, 'JOIN', [frame.room], frame.ts, tagChoice(session)));
    case 'left': return done(learn(frame.nick === session.nick ? answered(session) : session, frame), renderLeft(frame, tagChoice(session)));
    case 'nick': return done(learn(session, frame), renderFrom(frame.old, 'NICK', [frame.nick], frame.ts, tagChoice(session)));
    default: return assertNever(frame);
  }
}

/** The MOTD right after the welcome; otherwise the answer to AWAY, OPER or MOTD; otherwise a NOTICE. */
function info(session: IrcSession, frame: InfoFrame, head: IrcContext | undefined): IrcEncoded {
  if (session.motdPending) return done({ ...session, motdPending: false }, motdLines(session, frame.text));
  const next = answered(session);
  switch (head?.command) {
    case 'AWAY': return done(next, /^you are back/.test(frame.text) ? numeric(session, '305', 'You are no longer marked as being away') : numeric(session, '306', 'You have been marked as being away'));
    case 'OPER': return done(next, numeric(session, '381', 'You are now an IRC operator'));
    case 'MOTD': return done(next, motdLines(session, frame.text));
    default: return done(session, serverLine('NOTICE', session.nick ?? '*', restoreFormatting(frame.text)));
  }
}

/** A room frame: a JOIN burst for a channel new to this connection, else WHO or NAMES lines. */
function room(session: IrcSession, frame: RoomFrame, head: IrcContext | undefined): IrcEncoded {
  const noMotd = session.motdPending ? motdLines(session, undefined) : '';
  const settled = session.motdPending ? { ...session, motdPending: false } : session;
  if (!settled.channels.has(frame.room)) {
    const channels = new Map(settled.channels).set(frame.room, frame.topicLocked);
    const next = head?.command === 'JOIN' ? answered(settled) : settled;
    return done({ ...next, channels }, noMotd + joinLines(settled, frame));
  }
  if (head?.command === 'WHO') return done(answered(settled), noMotd + whoLines(settled, frame.room, frame.members, head.target));
  return done(answered(settled), noMotd + namesLines(settled, frame));
}

function topicReply(session: IrcSession, frame: TopicChangedFrame): string {
  if (frame.topic === null) return numeric(session, '331', frame.room, 'No topic is set');
  return numeric(session, '332', frame.room, restoreFormatting(frame.topic))
    + (frame.by === null ? '' : numeric(session, '333', frame.room, hostmask(frame.by), String(Math.floor(frame.ts / 1000))));
}

function whoisReply(session: IrcSession, frame: WhoisReplyFrame, head: IrcContext | undefined): string {
  if (head?.command !== 'WHO') return whoisLines(session, frame);
  const room = frame.rooms[0] ?? '*';
  return numeric(session, '352', room, frame.nick, IRC_SERVER, IRC_SERVER, frame.nick, frame.away === null ? 'H' : 'G', `0 ${frame.nick}`)
    + numeric(session, '315', head.target, 'End of /WHO list');
}

/** [IRC-ECHO] With echo-message, the room's ack of a message becomes that message, sent back. */
function ack(session: IrcSession, frame: AckFrame): IrcEncoded {
  const echo = session.echoes.find((e) => e.ref === frame.ref);
  const next = answered(echo ? { ...session, echoes: session.echoes.filter((e) => e !== echo) } : session);
  if (!echo || !hasCap(session, 'echo-message') || session.nick === undefined) return done(next, '');
  // The sender reads what the others read: controls neutralised, formatting kept ([TEXT-HYGIENE]).
  const clean = restoreFormatting(neutralizeControls(carryFormatting(echo.text)));
  const text = echo.kind === 'action' ? `\x01ACTION ${clean}\x01` : clean;
  const tags = tagsFor(tagChoice(session), frame.ts, frame.id);
  return done(next, formatIrcLine({ ...(tags ? { tags } : {}), source: hostmask(session.nick), command: echo.command, params: [echo.target, text] }));
}

/** A refusal: named after the refused frame (its echo by `ref`, else the head context); NOTICE stays silent. */
function error(session: IrcSession, frame: ErrorFrame, head: IrcContext | undefined): IrcEncoded {
  const echo = frame.ref === undefined ? undefined : session.echoes.find((e) => e.ref === frame.ref);
  const context: IrcContext | undefined = echo ? { command: echo.command, target: echo.target, ...(echo.command === 'NOTICE' ? { silent: true } : {}) } : head;
  let next = answered(echo ? { ...session, echoes: session.echoes.filter((e) => e !== echo) } : session);
  // A refused hello leaves registration open: the next NICK tries again.
  if (next.phase === 'hello') next = { ...next, phase: 'open' };
  if (context?.silent && !frame.fatal) return done(next, '');
  return done(next, errorLines(session, frame, context));
}
