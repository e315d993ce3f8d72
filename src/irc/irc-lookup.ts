import type { WhoisReplyFrame } from '../protocol.js';
import type { IrcMessage } from './irc-message.js';
import { needMoreParams, numeric } from './irc-replies.js';
import { IRC_SERVER, type IrcContext, type IrcSession, type IrcStep } from './irc-session.js';
import { replyOnly, sendFrames, type Sent } from './irc-step.js';

/** [IRC-LOOKUP] Nicks one USERHOST asks about (RFC 2812); ISON takes more, as notify lists are long. */
export const USERHOST_MAX = 5;
export const ISON_MAX = 20;

/**
 * [IRC-LOOKUP] `USERHOST a b` (302) and `ISON a b` (303), which irssi and WeeChat use for notify
 * lists and their own host: one `whois` per nick, answered one by one, gathered into one reply
 * line when the last answer is in. A nick nobody has is left out of the line, as IRC servers do.
 */
export function lookup(session: IrcSession, message: IrcMessage): IrcStep {
  const command = message.command === 'ISON' ? 'ISON' : 'USERHOST';
  const max = command === 'ISON' ? ISON_MAX : USERHOST_MAX;
  const nicks = message.params.flatMap((p) => p.split(' ')).filter((n) => n !== '').slice(0, max);
  if (nicks.length === 0) return replyOnly(session, needMoreParams(session, command));
  return sendFrames({ ...session, gathered: [] }, nicks.map((nick, i): Sent => ({
    frame: { type: 'whois', nick },
    context: { command, target: nick, answer: 'whois', ...(i === nicks.length - 1 ? { last: true } : {}) },
  })));
}

/** Whether the head context is one nick of a USERHOST or ISON. */
export function isLookup(head: IrcContext | undefined): head is IrcContext {
  return head?.command === 'USERHOST' || head?.command === 'ISON';
}

/**
 * One answer to a lookup (a `whois`, or `undefined` for a refusal: nobody has that nick): the
 * session gathers it, and the last one gives the reply line.
 */
export function gather(session: IrcSession, head: IrcContext, frame: WhoisReplyFrame | undefined): { readonly session: IrcSession; readonly text: string } {
  const word = frame === undefined ? undefined
    : head.command === 'ISON' ? frame.nick
    : `${frame.nick}${frame.oper ? '*' : ''}=${frame.away === null ? '+' : '-'}${frame.nick}@${IRC_SERVER}`;
  const gathered = word === undefined ? session.gathered ?? [] : [...(session.gathered ?? []), word];
  const rest = { ...session, awaiting: session.awaiting.slice(1) };
  if (head.last !== true) return { session: { ...rest, gathered }, text: '' };
  const code = head.command === 'ISON' ? '303' : '302';
  return { session: { ...rest, gathered: [] }, text: numeric(session, code, gathered.join(' ')) };
}
