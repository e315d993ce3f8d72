import { NICK_MAX } from '../nickname.js';
import type { RoomFrame, RoomsListFrame, SearchResultsFrame, WelcomeFrame, WhoisReplyFrame } from '../protocol.js';
import { restoreFormatting } from './irc-format.js';
import { isoTime } from './irc-render.js';
import { formatIrcLine, IRC_BODY_MAX, utf8Length } from './irc-message.js';
import { numeric, serverLine } from './irc-replies.js';
import { hostmask, IRC_SERVER, type IrcContext, type IrcSession } from './irc-session.js';
import { whoLine, whoxLine } from './irc-whox.js';

/** [IRC-VERSION] What 002 and 004 call this server. */
export const IRC_VERSION = 'rxchat-1';

/**
 * [IRC-ISUPPORT] Only what a client can rely on: ASCII case folding (rxchat folds nicks and
 * rooms with toLowerCase on [A-Za-z0-9_-]), `#` rooms of 21 characters, 10-character nicks,
 * 300-character topics ([TOPIC-MAX]), 200-character away reasons ([AWAY-MAX]), `@` for no one
 * (there are no channel operators), list modes b and q, setting mode t, always-on mode n.
 */
export const ISUPPORT = [
  'CASEMAPPING=ascii', 'CHANTYPES=#', `NICKLEN=${NICK_MAX}`, 'CHANNELLEN=21', 'TOPICLEN=300', 'AWAYLEN=200',
  'KICKLEN=200', 'PREFIX=(o)@', 'NETWORK=rxchat', 'CHANMODES=bq,,,nt', 'TARGMAX=PRIVMSG:4,NOTICE:4,JOIN:20,PART:20,NAMES:20', 'WHOX',
];

/** [IRC-WELCOME] 001-004 and 005; the MOTD (or 422) follows with the next frame. */
export function welcomeLines(session: IrcSession, frame: WelcomeFrame): string {
  const nick = frame.nick;
  const after = { ...session, phase: 'welcomed' as const, nick };
  return [
    numeric(after, '001', `Welcome to the rxchat IRC gateway, ${hostmask(nick)}`),
    numeric(after, '002', `Your host is ${IRC_SERVER}, running version ${IRC_VERSION}`),
    numeric(after, '003', 'This server speaks IRC at the edge of an rxchat room server'),
    numeric(after, '004', IRC_SERVER, IRC_VERSION, 'o', 'bnqt', 'bq'),
    numeric(after, '005', ...ISUPPORT, 'are supported by this server'),
  ].join('');
}

/** [IRC-MOTD] 375, one 372 per line, 376; or 422 when there is none. */
export function motdLines(session: IrcSession, text: string | undefined): string {
  if (text === undefined) return numeric(session, '422', 'MOTD File is missing');
  const lines = restoreFormatting(text).split('\n').map((line) => numeric(session, '372', `- ${line}`));
  return numeric(session, '375', `- ${IRC_SERVER} Message of the day -`) + lines.join('') + numeric(session, '376', 'End of /MOTD command');
}

/** [IRC-JOIN] The JOIN echo, 332 when there is a topic, then the names (366 once the last page is in). */
export function joinLines(session: IrcSession, frame: RoomFrame): string {
  const join = formatIrcLine({ source: hostmask(session.nick!), command: 'JOIN', params: [frame.room] });
  const topic = frame.topic === null ? '' : numeric(session, '332', frame.room, restoreFormatting(frame.topic));
  return join + topic + namesLines(session, frame);
}

/**
 * [IRC-NAMES] 353 lines (as many as 512 bytes need), then 366 when this page is the last one
 * ([NAMES-ALL]: the pages after it come next, before anything else).
 */
export function namesLines(session: IrcSession, frame: RoomFrame): string {
  const head = utf8Length(numeric(session, '353', '=', frame.room, ''));
  let out = '';
  let batch: string[] = [];
  let size = head;
  for (const nick of frame.members) {
    if (batch.length > 0 && size + nick.length + 1 > IRC_BODY_MAX) {
      out += numeric(session, '353', '=', frame.room, batch.join(' '));
      batch = [];
      size = head;
    }
    batch.push(nick);
    size += nick.length + 1;
  }
  if (batch.length > 0) out += numeric(session, '353', '=', frame.room, batch.join(' '));
  return frame.next === undefined ? out + numeric(session, '366', frame.room, 'End of /NAMES list') : out;
}

/**
 * [IRC-WHO] One 352 per member of a page (hopcount 0; `H`, or `G` for a member the page marks away,
 * and `*` for an operator, [NAMES-MARKS]), or one 354 with the asked fields for WHOX
 * ([IRC-WHOX]), then 315 after the last page. Idle is 0: a page does not carry it.
 */
export function whoLines(session: IrcSession, frame: RoomFrame, head: IrcContext): string {
  const { whox } = head;
  const away = new Set(frame.away);
  const opers = new Set(frame.opers);
  const lines = frame.members.map((nick) => {
    const person = { nick, room: frame.room, away: away.has(nick), oper: opers.has(nick), idleSeconds: 0 };
    return whox ? whoxLine(session, whox, person) : whoLine(session, person);
  });
  return lines.join('') + (frame.next === undefined ? numeric(session, '315', head.target, 'End of /WHO list') : '');
}

/** [IRC-LIST] 321, a 322 per room (filtered by the LIST argument, if any), 323. */
export function listLines(session: IrcSession, frame: RoomsListFrame, filter: string): string {
  const wanted = filter === '' ? undefined : new Set(filter.toLowerCase().split(','));
  const rooms = wanted ? frame.rooms.filter((r) => wanted.has(r.name)) : frame.rooms;
  return numeric(session, '321', 'Channel', 'Users  Name')
    + rooms.map((r) => numeric(session, '322', r.name, String(r.members), restoreFormatting(r.topic ?? ''))).join('')
    + numeric(session, '323', 'End of /LIST');
}

/** [IRC-WHOIS] 311, 319, 312, 301 (away), 313 (operator), 317 (idle, signon), 318. */
export function whoisLines(session: IrcSession, frame: WhoisReplyFrame): string {
  const n = frame.nick;
  return [
    numeric(session, '311', n, n, IRC_SERVER, '*', n),
    frame.rooms.length > 0 ? numeric(session, '319', n, frame.rooms.join(' ')) : '',
    numeric(session, '312', n, IRC_SERVER, 'rxchat'),
    frame.away === null ? '' : numeric(session, '301', n, restoreFormatting(frame.away)),
    frame.oper ? numeric(session, '313', n, 'is an rxchat operator') : '',
    numeric(session, '317', n, String(Math.floor(frame.idleMs / 1000)), String(Math.floor(frame.since / 1000)), 'seconds idle, signon time'),
    numeric(session, '318', n, 'End of /WHOIS list'),
  ].join('');
}

/** [SEARCH] A page of search results as NOTICEs, newest first, then how to ask for the older page. */
export function searchLines(session: IrcSession, frame: SearchResultsFrame): string {
  const me = session.nick ?? '*';
  const lines = frame.results.map((m) => serverLine('NOTICE', me,
    `${frame.room} #${m.id} ${(isoTime(m.ts) ?? '').slice(0, 16).replace('T', ' ')} <${m.from}> ${restoreFormatting(m.text)}`));
  const oldest = frame.results[frame.results.length - 1];
  const more = frame.more && oldest ? `; older: SEARCH ${frame.room} ${oldest.id} :${frame.words}` : '';
  return lines.join('') + serverLine('NOTICE', me, `${frame.results.length} result(s) for "${frame.words}" in ${frame.room}${more}`);
}
