import { formatIrcLine } from './irc-message.js';
import { IRC_SERVER, me, type IrcOutput, type IrcSession } from './irc-session.js';

/** A numeric reply from the server to this client: `:rxchat 401 alice bob :No such nick`. */
export function numeric(session: IrcSession, code: string, ...params: string[]): string {
  return formatIrcLine({ source: IRC_SERVER, command: code, params: [me(session), ...params] });
}

/** A line from the server with any command: `:rxchat CAP * LS :...`. */
export function serverLine(command: string, ...params: string[]): string {
  return formatIrcLine({ source: IRC_SERVER, command, params });
}

/** A local reply as an output. */
export function reply(line: string): IrcOutput {
  return { kind: 'reply', line };
}

/** `461 me CMD :Not enough parameters`. */
export function needMoreParams(session: IrcSession, command: string): IrcOutput {
  return reply(numeric(session, '461', command, 'Not enough parameters'));
}

/** `ERROR :Closing link: ...`: the last line before the server closes ([IRC-CLOSE]). */
export function closingLink(session: IrcSession, why: string): string {
  return formatIrcLine({ command: 'ERROR', params: [`Closing link: ${me(session)}[${IRC_SERVER}] (${why})`] });
}
