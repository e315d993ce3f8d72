import type { ErrorCode, ErrorFrame } from '../protocol.js';
import { closingLink, numeric } from './irc-replies.js';
import type { IrcContext, IrcSession } from './irc-session.js';

/** Commands whose refusals concern a channel: an operator-only refusal is 482 there, 481 elsewhere. */
const CHANNEL_COMMANDS = new Set(['KICK', 'MODE', 'TOPIC']);

/**
 * [IRC-NUMERICS] A refusal from the room as the numeric an IRC client expects, addressed with what
 * the refused command named (its context). The room's own words follow the standard text, so a
 * user reads why (rxchat's nick rules are not IRC's, for one). Fatal refusals end with
 * `ERROR :Closing link`.
 */
export function errorLines(session: IrcSession, frame: ErrorFrame, context: IrcContext | undefined): string {
  const target = context?.target || '*';
  const line = numericFor(session, frame.code, target, context, frame.message);
  return line + (frame.fatal ? closingLink(session, frame.message) : '');
}

function numericFor(session: IrcSession, code: ErrorCode, target: string, context: IrcContext | undefined, words: string): string {
  const n = (num: string, ...params: string[]) => numeric(session, num, ...params);
  const command = context?.command ?? '*';
  switch (code) {
    case 'NICK_INVALID': return n('432', target, `Erroneous nickname: ${words}`);
    case 'NICK_TAKEN': return n('433', target, `Nickname is already in use (${words})`);
    case 'NOT_REGISTERED': return n('451', 'You have not registered');
    case 'ALREADY_REGISTERED': return n('462', 'You may not reregister');
    case 'TEXT_EMPTY': return n('412', 'No text to send');
    case 'TEXT_TOO_LONG': return n('417', `Input line was too long (${words})`);
    case 'FRAME_TOO_LARGE': return n('417', 'Input line was too long');
    case 'ROOM_INVALID': return n('403', target, `No such channel (${words})`);
    case 'NOT_IN_ROOM':
      if (command === 'PRIVMSG' || command === 'NOTICE') return n('404', target, "Cannot send to channel (you're not in it)");
      if (command === 'WHO') return n('315', target, 'End of /WHO list');
      return n('442', target, "You're not on that channel");
    case 'MUTED': return n('404', target, `Cannot send to channel (${words})`);
    case 'NO_SUCH_NICK':
      if (command === 'WHO') return n('315', target, 'End of /WHO list');
      return n('401', target, `No such nick/channel (${words})`);
    case 'NOT_OPERATOR':
      return CHANNEL_COMMANDS.has(command) ? n('482', context?.room ?? target, "You're not channel operator (only rxchat operators may)")
        : n('481', "Permission Denied- You're not an IRC operator");
    case 'TOPIC_LOCKED': return n('482', target, `You're not channel operator (${words})`);
    case 'OPER_FAILED': return n('464', 'Password incorrect');
    case 'BAD_PASSWORD': return n('464', 'Password incorrect');
    case 'BANNED': return n('465', 'You are banned from this server');
    case 'TOO_MANY_ROOMS': return n('405', target, `You have joined too many channels (${words})`);
    case 'RATE_LIMITED': return n('263', command, `Please wait a while and try again (${words})`);
    // The rest (timeouts, a full server, shutdown) are fatal and need no numeric: a NOTICE says why.
    default: return n('NOTICE', words);
  }
}
