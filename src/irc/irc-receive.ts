import * as channels from './irc-channels.js';
import * as commands from './irc-commands.js';
import { parseIrcLine, type IrcMessage } from './irc-message.js';
import { mode } from './irc-mode.js';
import * as registration from './irc-registration.js';
import { numeric, reply, serverLine } from './irc-replies.js';
import { LOCAL_REF, me, type IrcSession, type IrcStep } from './irc-session.js';
import { talk } from './irc-talk.js';

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
  KILL: commands.kill, HISTORY: commands.history, MUTE: commands.mute, UNMUTE: commands.mute,
};

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
 * [IRC-FLOOD] A line the adapter answers alone still costs a token of the room's flood gate, as
 * every native line does: its replies wait in a context behind a native `ping`, and come out when
 * the room answers `pong` (or become a 263 when the room refuses it, and a close when it floods).
 * The wait is synchronous, so command order holds.
 */
function charged(step: IrcStep, text: string): IrcStep {
  if (step.out.length === 0 || step.out.some((item) => item.kind === 'frame')) return step;
  const command = commandOf(text);
  const replies = step.out.map((item) => (item.kind === 'reply' ? item.line : '')).join('');
  return {
    session: { ...step.session, awaiting: [...step.session.awaiting, { command, target: '', answer: 'pong', replies }] },
    out: [{ kind: 'frame', frame: { type: 'ping', ref: LOCAL_REF } }],
  };
}

function decodeLine(session: IrcSession, text: string): IrcStep {
  const parsed = parseIrcLine(text);
  const fresh = session.awaiting.length === 0 ? session : { ...session, awaiting: [] };
  if (!parsed.ok) {
    switch (parsed.error) {
      case 'empty':
        return { session: fresh, out: [] };
      case 'too-long':
        return { session: fresh, out: [reply(numeric(session, '417', 'Input line was too long'))] };
      case 'bad-char':
        return { session: fresh, out: [reply(serverLine('NOTICE', me(session), 'Line refused: it holds a NUL or a lone CR'))] };
      case 'no-command':
        return { session: fresh, out: [reply(numeric(session, '421', '*', 'Unknown command'))] };
    }
  }
  const message = parsed.value;
  const table = session.phase === 'welcomed' ? AFTER_WELCOME : BEFORE_WELCOME;
  const handler = Object.hasOwn(table, message.command) ? table[message.command] : undefined;
  if (handler) return handler(fresh, message);
  if (session.phase !== 'welcomed' && Object.hasOwn(AFTER_WELCOME, message.command)) {
    return { session: fresh, out: [reply(numeric(session, '451', 'You have not registered'))] };
  }
  return { session: fresh, out: [reply(numeric(session, '421', message.command, 'Unknown command'))] };
}
