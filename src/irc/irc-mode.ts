import type { ClientFrame } from '../protocol.js';
import type { IrcMessage } from './irc-message.js';
import { needMoreParams, numeric, reply } from './irc-replies.js';
import { me, type IrcOutput, type IrcSession, type IrcStep } from './irc-session.js';
import { isChannel, replyOnly, sendFrame, sendItems, type Sent } from './irc-step.js';

/**
 * [IRC-MODE] What channel modes mean on rxchat, whose moderation is the server operator's:
 * `n` (no outside messages) is always set; `t` is the room's topic lock (`+t`/`-t` lock and unlock
 * it, operators only); `b` bans a nick (and its address) from the whole server, `q` mutes one
 * (both operators only; the lists are not shown: 368 ends an empty list). There are no channel
 * operators or voices: `o`/`v` draw 482, any other letter 472.
 */
export function mode(session: IrcSession, message: IrcMessage): IrcStep {
  const [target, modes, ...args] = message.params;
  if (target === undefined || target === '') return replyOnly(session, needMoreParams(session, 'MODE'));
  if (!isChannel(target)) return userMode(session, target, modes);
  // The room knows the topic lock (and whether the asker is in the room): its room frame answers (324).
  if (modes === undefined) return sendFrame(session, { type: 'names', room: target }, { command: 'MODE', target, answer: 'room' });
  return changes(session, target, modes, args);
}

function userMode(session: IrcSession, target: string, modes: string | undefined): IrcStep {
  if (target.toLowerCase() !== me(session).toLowerCase()) {
    return replyOnly(session, reply(numeric(session, '502', "Can't change mode for other users")));
  }
  // User modes (+i, +w...) mean nothing here: a change is accepted silently, a query shows none.
  return modes === undefined ? replyOnly(session, reply(numeric(session, '221', '+'))) : replyOnly(session);
}

/** Walks `+tb-q nick nick`, turning each letter into a frame or a local reply, in order. */
function changes(session: IrcSession, room: string, modes: string, args: readonly string[]): IrcStep {
  const items: (Sent | IrcOutput)[] = [];
  let sign: '+' | '-' | '' = '';
  let next = 0;
  const send = (frame: ClientFrame, target: string) => items.push({ frame, context: { command: 'MODE', target, room } });
  for (const letter of modes) {
    if (letter === '+' || letter === '-') { sign = letter; continue; }
    if (letter === 'b' || letter === 'q') {
      const mask = args[next++];
      if (mask === undefined || sign === '') {
        if (letter === 'b') items.push(reply(numeric(session, '368', room, 'End of channel ban list')));
        else items.push(reply(numeric(session, '728', room, 'q', 'End of channel quiet list')));
        continue;
      }
      const nick = mask.split('!')[0]!;
      if (letter === 'b') send(sign === '+' ? { type: 'ban', nick } : { type: 'unban', nick }, nick);
      else send(sign === '+' ? { type: 'mute', nick } : { type: 'unmute', nick }, nick);
    } else if (letter === 't' && sign !== '') send({ type: 'lock-topic', room, locked: sign === '+' }, room);
    else if (letter === 'n') continue;
    else if (letter === 'o' || letter === 'v') {
      next++;
      items.push(reply(numeric(session, '482', room, 'rxchat has no channel operators: moderation is the server operators\'')));
    } else items.push(reply(numeric(session, '472', letter, 'is unknown mode char to me')));
  }
  return sendItems(session, items);
}
