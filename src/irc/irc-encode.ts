import { assertNever } from '../assert-never.js';
import type { InfoFrame, RoomFrame, ServerFrame, TopicChangedFrame, WhoisReplyFrame } from '../protocol.js';
import { joinLines, listLines, motdLines, namesLines, searchLines, welcomeLines, whoisLines, whoLines } from './irc-burst.js';
import { about, ack, answered, command, done, error, pong, tagChoice, type IrcEncoded } from './irc-answers.js';
import { restoreFormatting } from './irc-format.js';
import { formatIrcLine } from './irc-message.js';
import { renderAway, renderFrom, renderLeft, renderMessage, renderPresence, renderPrivate, renderTopicChange } from './irc-render.js';
import { closingLink, numeric, serverLine } from './irc-replies.js';
import { hasCap, hostmask, type IrcContext, type IrcSession } from './irc-session.js';
import { learn } from './irc-shared.js';
import { gather, isLookup } from './irc-lookup.js';
import { whoLine, whoxLine } from './irc-whox.js';

export type { IrcEncoded } from './irc-answers.js';
export { tagChoice } from './irc-answers.js';

/**
 * [IRC-ENCODE] A frame the room sent to this connection alone, as IRC lines: replies take the form
 * their command wants (the context at the head of `awaiting`, [IRC-ORDER]), and the session learns
 * what the frame tells (its nick, its channels). Frames with no IRC form give no text.
 */
export function encodeIrcFrame(session: IrcSession, frame: ServerFrame): IrcEncoded {
  const first = session.awaiting[0];
  const head = first?.mark === undefined ? first : undefined;
  switch (frame.type) {
    case 'welcome': {
      const next = { ...answered(session, command('NICK')), phase: 'welcomed' as const, nick: frame.nick, motdPending: true };
      return done(next, welcomeLines(session, frame));
    }
    case 'info': return info(session, frame, head);
    case 'room': return room(session, frame, head);
    case 'message': return done(session, renderMessage(frame, tagChoice(session)));
    case 'private': return done(session, renderPrivate(frame, tagChoice(session)));
    case 'ack': return ack(session, frame);
    case 'error': return error(session, frame);
    case 'bye': return done(session, closingLink(session, frame.reason));
    case 'ping': return done(session, formatIrcLine({ command: 'PING', params: [frame.ref] }));
    case 'pong': return pong(session, frame.ref);
    case 'topic': return head?.command === 'TOPIC' ? done(answered(session, command('TOPIC')), topicReply(session, frame)) : done(learn(session, frame), renderTopicChange(frame, tagChoice(session)));
    case 'rooms': return done(answered(session, command('LIST')), listLines(session, frame, head?.command === 'LIST' ? head.target : ''));
    case 'whois': return isLookup(head) ? gather(session, head, frame) : done(answered(session, command('WHOIS', 'WHO')), whoisReply(session, frame, head));
    case 'joined': return done(session, renderFrom(frame.nick, 'JOIN', [frame.room], frame.ts, tagChoice(session)));
    case 'left': return done(learn(frame.nick === session.nick ? answered(session, about('PART', frame.room)) : session, frame), renderLeft(frame, tagChoice(session)));
    case 'nick': return done(learn(session, frame), renderFrom(frame.old, 'NICK', [frame.nick], frame.ts, tagChoice(session)));
    case 'presence': return done(session, renderPresence(frame, tagChoice(session)));
    // [ARCHIVE] Search results come later, from the archive: their context was a marked one.
    case 'search': return done(session, searchLines(session, frame));
    case 'away': return done(session, hasCap(session, 'away-notify') ? renderAway(frame, tagChoice(session)) : '');
    default: return assertNever(frame);
  }
}

/** The MOTD right after the welcome; otherwise the answer to AWAY, OPER or MOTD; otherwise a NOTICE. */
function info(session: IrcSession, frame: InfoFrame, head: IrcContext | undefined): IrcEncoded {
  if (session.motdPending) return done({ ...session, motdPending: false }, motdLines(session, frame.text));
  const next = answered(session, command('AWAY', 'OPER', 'MOTD'));
  switch (head?.command) {
    case 'AWAY': return done(next, /^you are back/.test(frame.text) ? numeric(session, '305', 'You are no longer marked as being away') : numeric(session, '306', 'You have been marked as being away'));
    case 'OPER': return done(next, numeric(session, '381', 'You are now an IRC operator'));
    case 'MOTD': return done(next, motdLines(session, frame.text));
    default: return done(session, serverLine('NOTICE', session.nick ?? '*', restoreFormatting(frame.text)));
  }
}

/**
 * A room frame: a JOIN burst for a channel new to this connection, else WHO or NAMES lines. A list
 * in pages ([NAMES-ALL]) keeps its context until the last page, which ends it with 366 (or 315).
 */
function room(session: IrcSession, frame: RoomFrame, head: IrcContext | undefined): IrcEncoded {
  const noMotd = session.motdPending ? motdLines(session, undefined) : '';
  const settled = session.motdPending ? { ...session, motdPending: false } : session;
  const last = frame.next === undefined;
  if (!settled.channels.has(frame.room)) {
    const channels = new Map(settled.channels).set(frame.room, frame.topicLocked);
    const next = last ? answered(settled, about('JOIN', frame.room)) : settled;
    return done({ ...next, channels }, noMotd + joinLines(settled, frame));
  }
  if (head !== undefined && frame.after === undefined && about('MODE', frame.room)(head)) return done(answered(settled, () => true), noMotd + modeLines(settled, frame));
  if (head !== undefined && about('WHO', frame.room)(head)) return done(last ? answered(settled, () => true) : settled, noMotd + whoLines(settled, frame, head));
  const next = last ? answered(settled, (c) => about('NAMES', frame.room)(c) || about('JOIN', frame.room)(c)) : settled;
  return done(next, noMotd + namesLines(settled, frame));
}

/** [IRC-MODE] 324 with the modes, then 329 with the room's creation time ([ROOM-CREATED]) when known. */
function modeLines(session: IrcSession, frame: RoomFrame): string {
  const created = frame.createdAt === undefined ? '' : numeric(session, '329', frame.room, String(Math.floor(frame.createdAt / 1000)));
  return numeric(session, '324', frame.room, frame.topicLocked ? '+nt' : '+n') + created;
}

function topicReply(session: IrcSession, frame: TopicChangedFrame): string {
  if (frame.topic === null) return numeric(session, '331', frame.room, 'No topic is set');
  return numeric(session, '332', frame.room, restoreFormatting(frame.topic))
    + (frame.by === null ? '' : numeric(session, '333', frame.room, hostmask(frame.by), String(Math.floor(frame.ts / 1000))));
}

function whoisReply(session: IrcSession, frame: WhoisReplyFrame, head: IrcContext | undefined): string {
  if (head?.command !== 'WHO') return whoisLines(session, frame);
  const room = frame.rooms[0] ?? '*';
  const person = { nick: frame.nick, room, away: frame.away !== null, oper: frame.oper, idleSeconds: Math.floor(frame.idleMs / 1000) };
  return (head.whox ? whoxLine(session, head.whox, person) : whoLine(session, person)) + numeric(session, '315', head.target, 'End of /WHO list');
}
