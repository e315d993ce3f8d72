import { PROTOCOL_VERSION } from '../protocol.js';
import type { IrcMessage } from './irc-message.js';
import { needMoreParams, numeric, reply, serverLine } from './irc-replies.js';
import {
  IRC_CAP_VALUES, IRC_CAPS, me, type IrcCap, type IrcOutput, type IrcSession, type IrcStep,
} from './irc-session.js';

/**
 * [IRC-REGISTRATION] PASS, NICK and USER in any order, with CAP negotiation holding registration
 * until `CAP END`; then one native `hello` carries the nick and the password (from PASS, or from
 * SASL PLAIN). The room decides: `welcome` (001...) or a refusal (433, 432, 464, 465), after which
 * another NICK tries again.
 */

const step = (session: IrcSession, ...out: IrcOutput[]): IrcStep => ({ session, out });
const welcomed = (session: IrcSession) => session.phase === 'welcomed';

/** Sends the hello once NICK and USER are known and CAP negotiation is over. */
export function maybeRegister(session: IrcSession, out: readonly IrcOutput[]): IrcStep {
  if (session.phase !== 'open' || session.nick === undefined || session.user === undefined || session.capNegotiating) {
    return { session, out };
  }
  const hello = {
    // [NAMES-ALL] The automatic join of #lobby lists every member before 366, as any JOIN does.
    type: 'hello', version: PROTOCOL_VERSION, nick: session.nick, allNames: true,
    ...(session.password === undefined ? {} : { password: session.password }),
  } as const;
  return {
    session: { ...session, phase: 'hello', awaiting: [...session.awaiting, { command: 'NICK', target: session.nick, answer: 'welcome' }] },
    out: [...out, { kind: 'frame', frame: hello }],
  };
}

export function pass(session: IrcSession, message: IrcMessage): IrcStep {
  if (welcomed(session)) return step(session, reply(numeric(session, '462', 'You may not reregister')));
  const password = message.params[0];
  if (password === undefined || password === '') return step(session, needMoreParams(session, 'PASS'));
  return step({ ...session, password });
}

/** NICK before the welcome: remembered, and registration is tried. */
export function nickBeforeWelcome(session: IrcSession, message: IrcMessage): IrcStep {
  const nick = message.params[0];
  if (nick === undefined || nick === '') return step(session, reply(numeric(session, '431', 'No nickname given')));
  return maybeRegister({ ...session, nick }, []);
}

export function user(session: IrcSession, message: IrcMessage): IrcStep {
  if (welcomed(session)) return step(session, reply(numeric(session, '462', 'You may not reregister')));
  if (message.params.length < 4 || message.params[0] === '') return step(session, needMoreParams(session, 'USER'));
  return maybeRegister({ ...session, user: message.params[0]! }, []);
}

/** [IRC-CAP] CAP LS, LIST, REQ (all or nothing: ACK or NAK) and END. */
export function cap(session: IrcSession, message: IrcMessage): IrcStep {
  const sub = message.params[0]?.toUpperCase();
  const holding = welcomed(session) ? session : { ...session, capNegotiating: true };
  switch (sub) {
    case 'LS': {
      const version = Math.max(session.capVersion, Number.parseInt(message.params[1] ?? '', 10) || 0);
      const offered = IRC_CAPS.map((c) => (version >= 302 && IRC_CAP_VALUES[c] ? `${c}=${IRC_CAP_VALUES[c]}` : c));
      return step({ ...holding, capVersion: version }, reply(serverLine('CAP', me(session), 'LS', offered.join(' '))));
    }
    case 'LIST':
      return step(session, reply(serverLine('CAP', me(session), 'LIST', [...session.caps].join(' '))));
    case 'REQ':
      return request(holding, message.params[1] ?? '');
    case 'END':
      return welcomed(session) ? step(session) : maybeRegister({ ...session, capNegotiating: false }, []);
    case undefined:
      return step(session, needMoreParams(session, 'CAP'));
    default:
      return step(session, reply(numeric(session, '410', sub, 'Invalid CAP command')));
  }
}

function request(session: IrcSession, wanted: string): IrcStep {
  const items = wanted.split(' ').filter((item) => item !== '');
  const known = (name: string): name is IrcCap => (IRC_CAPS as readonly string[]).includes(name);
  const names = items.map((item) => (item.startsWith('-') ? item.slice(1) : item));
  if (items.length === 0 || !names.every(known)) return step(session, reply(serverLine('CAP', me(session), 'NAK', wanted)));
  const caps = new Set(session.caps);
  items.forEach((item, i) => (item.startsWith('-') ? caps.delete(names[i] as IrcCap) : caps.add(names[i] as IrcCap)));
  const tagVariant = (caps.has('server-time') ? 1 : 0) | (caps.has('message-tags') ? 2 : 0);
  return step({ ...session, caps, tagVariant }, reply(serverLine('CAP', me(session), 'ACK', items.join(' '))));
}

/**
 * [IRC-SASL] SASL PLAIN, only to carry the server password: `AUTHENTICATE PLAIN`, `+`, then the
 * base64 of `authzid NUL authcid NUL password`. 903 says the password was taken; the room checks
 * it with the hello (464 and a close if it is wrong), since deciding is the room's job.
 */
export function authenticate(session: IrcSession, message: IrcMessage): IrcStep {
  const arg = message.params[0];
  if (welcomed(session)) return step(session, reply(numeric(session, '907', 'You have already authenticated using SASL')));
  if (arg === undefined || arg === '') return step(session, needMoreParams(session, 'AUTHENTICATE'));
  if (arg === '*') return step({ ...session, sasl: 'none' }, reply(numeric(session, '906', 'SASL authentication aborted')));
  if (session.sasl === 'none') {
    if (arg.toUpperCase() === 'PLAIN') return step({ ...session, sasl: 'plain' }, reply('AUTHENTICATE +\r\n'));
    return step(session, reply(numeric(session, '908', 'PLAIN', 'are available SASL mechanisms')), saslFailed(session));
  }
  const password = plainPassword(arg);
  const done = { ...session, sasl: 'none' as const };
  if (password === undefined) return step(done, saslFailed(session));
  return step({ ...done, password }, reply(numeric(session, '903', 'SASL authentication successful')));
}

function saslFailed(session: IrcSession): IrcOutput {
  return reply(numeric(session, '904', 'SASL authentication failed'));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The password of a SASL PLAIN message, or `undefined` if it is not one. Never throws. */
export function plainPassword(base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const parts = utf8.decode(bytes).split('\0');
    return parts.length === 3 && parts[2] !== '' ? parts[2] : undefined;
  } catch {
    return undefined;
  }
}
