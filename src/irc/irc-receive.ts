import * as channels from './irc-channels.js';
import * as commands from './irc-commands.js';
import { parseIrcLine, type IrcMessage } from './irc-message.js';
import { mode } from './irc-mode.js';
import * as registration from './irc-registration.js';
import { numeric, reply, serverLine } from './irc-replies.js';
import { IRC_AWAITING_MAX, LOCAL_PREFIX, me, type IrcOutput, type IrcSession, type IrcStep } from './irc-session.js';
import { talk } from './irc-talk.js';
import { lookup } from './irc-lookup.js';

type Handler = (session: IrcSession, message: IrcMessage) => IrcStep;

/** Commands a connection may use before the welcome ([IRC-REGISTRATION]); the rest draw 451. */
const BEFORE_WELCOME: Readonly<Record<string, Handler>> = {
  CAP: registration.cap, PASS: registration.pass, NICK: registration.nickBeforeWelcome, USER: registration.user,
  AUTHENTICATE: registration.authenticate, PING: commands.ping, PONG: commands.pong, QUIT: commands.quit,
};

/** Every command of a welcomed connection; anything else draws 421. */
const AFTER_WELCOME: Readonly<Record<string, Handler>> = {
  ...BEFORE_WELCOME,
  NICK: commands.nick, PRIVMSG: talk, NOTICE: talk, JOIN: channels.join, PART: channels.part, TOPIC: channels.topic,
  NAMES: channels.names, LIST: channels.list, WHO: channels.who, WHOIS: channels.whois, KICK: channels.kick,
  INVITE: channels.invite, MODE: mode, OPER: commands.oper, AWAY: commands.away, MOTD: commands.motd,
  KILL: commands.kill, HISTORY: commands.history, SEARCH: commands.search, MUTE: commands.mute, UNMUTE: commands.mute,
  USERHOST: lookup, ISON: lookup,
};

/**
 * While the hello is being answered, the room has not said yet whether it welcomes this client,
 * and the lines after it (a client sends NICK, USER, JOIN at once) go to the room behind the hello:
 * the room, which knows, refuses them (451) if it refused the hello. Registration commands still
 * mean registration.
 */
const WHILE_HELLO: Readonly<Record<string, Handler>> = { ...AFTER_WELCOME, ...BEFORE_WELCOME };

const lenient = new TextDecoder('utf-8');

/**
 * [IRC-RECEIVE] One received line (bytes, CR LF removed) into the frames the room must hear and the
 * lines this client must read, in command order ([IRC-ORDER]). Pure and total: any bytes give a
 * step, never a throw. Text that is not UTF-8 is decoded with U+FFFD, as IRC clients on a
 * legacy charset deserve a readable message rather than a refusal.
 */
export function receiveIrcLine(session: IrcSession, bytes: Uint8Array): IrcStep {
  const text = lenient.decode(bytes);
  return charged(decodeLine(session, text), text);
}

/** The command word of a line, for a 263 that names it; `*` when there is none. */
function commandOf(text: string): string {
  return /^(?:@\S*\s+)?(?::\S*\s+)?(\w{1,20})/.exec(text)?.[1]?.toUpperCase() ?? '*';
}

/**
 * [IRC-FLOOD] A reply the adapter gives alone still waits its turn and costs a token of the room's
 * flood gate, as every native line does: each run of local replies is held behind a native `ping`
 * of its own and comes out when the room answers its `pong` (a 263 instead when the room refuses
 * it, and a close when the client floods). So replies keep command order ([IRC-ORDER]) even though
 * the room answers a turn's lines only once they are stored.
 */
function charged(step: IrcStep, text: string): IrcStep {
  // A line that gives nothing at all (NICK before USER, a silent NOTICE) is charged all the same.
  if (step.out.length === 0 && text.trim() !== '') return charged({ ...step, out: [{ kind: 'reply', line: '' }] }, text);
  if (!step.out.some((item) => item.kind === 'reply')) return step;
  const command = commandOf(text);
  const out: IrcOutput[] = [];
  const locals = [...step.session.locals];
  let { nextRef } = step.session;
  for (const item of step.out) {
    if (item.kind === 'frame') { out.push(item); continue; }
    const last = locals[locals.length - 1];
    const previous = out[out.length - 1];
    // Consecutive replies share one ping.
    if (last && previous?.kind === 'frame' && previous.frame.type === 'ping' && previous.frame.ref === last.ref) {
      locals[locals.length - 1] = { ...last, replies: last.replies + item.line };
      continue;
    }
    const ref = `${LOCAL_PREFIX}${nextRef++}`;
    locals.push({ ref, command, replies: item.line });
    out.push({ kind: 'frame', frame: { type: 'ping', ref } });
  }
  return { session: { ...step.session, nextRef, locals: locals.slice(-IRC_AWAITING_MAX) }, out };
}

function decodeLine(session: IrcSession, text: string): IrcStep {
  const parsed = parseIrcLine(text);
  if (!parsed.ok) {
    switch (parsed.error) {
      case 'empty':
        return { session, out: [] };
      case 'too-long':
        return { session, out: [reply(numeric(session, '417', 'Input line was too long'))] };
      case 'bad-char':
        return { session, out: [reply(serverLine('NOTICE', me(session), 'Line refused: it holds a NUL or a lone CR'))] };
      case 'no-command':
        return { session, out: [reply(numeric(session, '421', '*', 'Unknown command'))] };
    }
  }
  const message = parsed.value;
  const table = session.phase === 'welcomed' ? AFTER_WELCOME : session.phase === 'hello' ? WHILE_HELLO : BEFORE_WELCOME;
  const handler = Object.hasOwn(table, message.command) ? table[message.command] : undefined;
  if (handler) return handler(session, message);
  if (session.phase !== 'welcomed' && Object.hasOwn(AFTER_WELCOME, message.command)) {
    return { session, out: [reply(numeric(session, '451', 'You have not registered'))] };
  }
  return { session, out: [reply(numeric(session, '421', message.command, 'Unknown command'))] };
}
