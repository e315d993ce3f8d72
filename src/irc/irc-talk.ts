import { carryFormatting } from './irc-format.js';
import type { IrcMessage } from './irc-message.js';
import { numeric, reply, serverLine } from './irc-replies.js';
import { IRC_ECHO_MAX, me, type IrcEcho, type IrcSession, type IrcStep } from './irc-session.js';
import { isChannel, replyOnly, sendFrames, targets, type Sent } from './irc-step.js';

/** [IRC-TARGETS] PRIVMSG and NOTICE reach at most this many targets (TARGMAX in 005). */
export const IRC_MAX_TARGETS = 4;

/** A CTCP request or reply: `\x01VERB arg\x01`. */
interface Ctcp { readonly verb: string; readonly arg: string }

/** [IRC-CTCP] The CTCP inside a text, if the text is one (the closing \x01 is optional, as clients send it). */
export function parseCtcp(text: string): Ctcp | undefined {
  if (!text.startsWith('\x01')) return undefined;
  const body = text.endsWith('\x01') && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  const space = body.indexOf(' ');
  return space === -1 ? { verb: body.toUpperCase(), arg: '' } : { verb: body.slice(0, space).toUpperCase(), arg: body.slice(space + 1) };
}

/**
 * [IRC-MSG] PRIVMSG and NOTICE to channels (a `say`) and nicks (a `msg`); CTCP ACTION is
 * `kind: 'action'`. Every message gets a `ref`, so the room's `ack` can be echoed back
 * (echo-message) and its refusal can name the target. NOTICE never draws an error reply.
 */
export function talk(session: IrcSession, message: IrcMessage): IrcStep {
  const command = message.command === 'NOTICE' ? 'NOTICE' : 'PRIVMSG';
  const silent = command === 'NOTICE';
  const [list, text] = message.params;
  const to = targets(list, IRC_MAX_TARGETS);
  if (to.length === 0) return silent ? replyOnly(session) : replyOnly(session, reply(numeric(session, '411', `No recipient given (${command})`)));
  if (text === undefined || text === '') return silent ? replyOnly(session) : replyOnly(session, reply(numeric(session, '412', 'No text to send')));
  const ctcp = parseCtcp(text);
  if (ctcp && ctcp.verb !== 'ACTION') return silent ? replyOnly(session) : ctcpRequest(session, to, ctcp);
  const kind = ctcp ? 'action' as const : undefined;
  const body = carryFormatting(ctcp ? ctcp.arg : text);
  let { nextRef } = session;
  const echoes: IrcEcho[] = [];
  const sent = to.map((target): Sent => {
    const ref = `i${nextRef++}`;
    echoes.push({ ref, command, target, text: ctcp ? ctcp.arg : text, ...(kind ? { kind } : {}) });
    const extra = { ref, ...(kind ? { kind } : {}) };
    const frame = isChannel(target) ? { type: 'say', room: target, text: body, ...extra } as const : { type: 'msg', to: target, text: body, ...extra } as const;
    return { frame, context: { command, target, answer: 'ack', ...(silent ? { silent: true } : {}) } };
  });
  const kept = [...session.echoes, ...echoes].slice(-IRC_ECHO_MAX);
  return sendFrames({ ...session, nextRef, echoes: kept }, sent);
}

const CLIENTINFO = 'ACTION CLIENTINFO PING VERSION';

/**
 * [IRC-CTCP] Other CTCP requests never reach the room (native readers would see control bytes):
 * the server answers VERSION, PING and CLIENTINFO itself, as a NOTICE from `rxchat`, since the
 * target may not speak IRC at all; anything else (TIME, DCC, ...) is dropped.
 */
function ctcpRequest(session: IrcSession, to: readonly string[], ctcp: Ctcp): IrcStep {
  const answer = ctcp.verb === 'VERSION' ? 'VERSION rxchat IRC gateway'
    : ctcp.verb === 'PING' ? `PING ${ctcp.arg}`
    : ctcp.verb === 'CLIENTINFO' ? `CLIENTINFO ${CLIENTINFO}`
    : undefined;
  if (answer === undefined || to.every(isChannel)) return replyOnly(session);
  return replyOnly(session, reply(serverLine('NOTICE', me(session), `\x01${answer}\x01`)));
}
