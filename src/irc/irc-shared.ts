import type { ServerFrame } from '../protocol.js';
import { ircBytes } from './irc-message.js';
import { renderAway, renderFrom, renderLeft, renderMessage, renderPresence, renderTopicChange, type TagChoice } from './irc-render.js';
import { hasCap, type IrcSession } from './irc-session.js';

/**
 * [IRC-SHARED] A frame meant for many IRC readers, encoded once per tag variant ([BROADCAST-ONCE]):
 * the bytes depend only on which of server-time and message-tags a reader negotiated, so a room
 * of any size costs at most four encodings, made when the first reader of that kind needs them.
 */
export interface IrcShared {
  readonly frame: ServerFrame;
  /** `nick ts` when this is a QUIT: readers show it once. */
  readonly quitKey?: string;
  /** `nick ts` when this is an AWAY: only away-notify readers take it, once however many rooms they share. */
  readonly awayKey?: string;
  /** True when a reader only takes its bytes (a message, a join): nothing to learn, nothing to drop. */
  readonly plain: boolean;
  /** The bytes for variant `v` (bit 0: server-time, bit 1: message-tags). */
  bytes(variant: number): Uint8Array;
  /** [IRC-SELF-JOIN] The nicks a presence window says joined; a reader among them already read its own JOIN. */
  readonly joiners?: ReadonlySet<string>;
  /** The bytes of a presence window without one joiner (made for that reader alone: rare, not kept). */
  bytesWithout?(nick: string, variant: number): Uint8Array;
}

/**
 * The shared form of a broadcast or multicast frame, or `undefined` when IRC has no words for it.
 * `toBytes` turns wire text into bytes (the adapter passes Node's `Buffer.from`, which sockets
 * take without a conversion per write).
 */
export function shareIrcFrame(frame: ServerFrame, toBytes: (text: string) => Uint8Array = ircBytes): IrcShared | undefined {
  const render = renderer(frame);
  if (render === undefined) return undefined;
  const memo: (Uint8Array | undefined)[] = [];
  // A kick is a KICK from each channel ([IRC-KICK]), not a QUIT told once.
  const quit = frame.type === 'left' && frame.reason !== 'part' && frame.by === undefined;
  return {
    frame,
    plain: frame.type === 'message' || frame.type === 'joined',
    ...(quit ? { quitKey: `${frame.nick} ${frame.ts}` } : {}),
    ...(frame.type === 'away' ? { awayKey: `${frame.nick} ${frame.ts}` } : {}),
    bytes(variant) {
      return (memo[variant] ??= toBytes(render(choiceOf(variant))));
    },
    ...(frame.type === 'presence' ? {
      joiners: new Set(frame.joined),
      bytesWithout: (nick: string, variant: number) => toBytes(renderPresence({ ...frame, joined: frame.joined.filter((n) => n !== nick) }, choiceOf(variant))),
    } : {}),
  };
}

const choiceOf = (variant: number): TagChoice => ({ time: (variant & 1) !== 0, msgid: (variant & 2) !== 0 });

function renderer(frame: ServerFrame): ((choice: TagChoice) => string) | undefined {
  switch (frame.type) {
    case 'message':
      return (choice) => renderMessage(frame, choice);
    case 'joined':
      return (choice) => renderFrom(frame.nick, 'JOIN', [frame.room], frame.ts, choice);
    case 'left':
      return (choice) => renderLeft(frame, choice);
    case 'presence':
      return (choice) => renderPresence(frame, choice);
    case 'nick':
      return (choice) => renderFrom(frame.old, 'NICK', [frame.nick], frame.ts, choice);
    case 'topic':
      return (choice) => renderTopicChange(frame, choice);
    case 'away':
      return (choice) => renderAway(frame, choice);
    default:
      return undefined;
  }
}


/**
 * One reader's share of a shared frame: its bytes (or none, for a QUIT already shown) and what the
 * reader's session learns from it (its own new nick, a topic lock). O(1): nothing per member.
 */
export function deliverShared(session: IrcSession, shared: IrcShared): { readonly session: IrcSession; readonly bytes?: Uint8Array } {
  const { frame } = shared;
  if (shared.awayKey !== undefined) {
    if (!hasCap(session, 'away-notify') || session.lastAway === shared.awayKey) return { session };
    return { session: { ...session, lastAway: shared.awayKey }, bytes: shared.bytes(session.tagVariant) };
  }
  if (shared.quitKey !== undefined) {
    if (session.lastQuit === shared.quitKey) return { session };
    return { session: { ...session, lastQuit: shared.quitKey }, bytes: shared.bytes(session.tagVariant) };
  }
  // [IRC-SELF-JOIN] A joiner told of its own join in the window would read a second JOIN of a channel it is in.
  if (session.nick !== undefined && shared.joiners?.has(session.nick) && shared.bytesWithout) {
    return { session, bytes: shared.bytesWithout(session.nick, session.tagVariant) };
  }
  return { session: learn(session, frame), bytes: shared.bytes(session.tagVariant) };
}

/** What a reader's session keeps from frames about others that concern it too. */
export function learn(session: IrcSession, frame: ServerFrame): IrcSession {
  if (frame.type === 'nick' && session.nick === frame.old) return { ...popIf(session, 'NICK', frame.nick), nick: frame.nick };
  if (frame.type === 'topic' && frame.by === session.nick && session.awaiting[0]?.command === 'TOPIC') {
    return learnLock(popIf(session, 'TOPIC', frame.room), frame.room, frame.locked);
  }
  if (frame.type === 'topic') return learnLock(session, frame.room, frame.locked);
  if (frame.type === 'left' && frame.nick === session.nick && session.channels.has(frame.room)) {
    const channels = new Map(session.channels);
    channels.delete(frame.room);
    return { ...session, channels };
  }
  return session;
}

function learnLock(session: IrcSession, room: string, locked: boolean): IrcSession {
  if (!session.channels.has(room) || session.channels.get(room) === locked) return session;
  return { ...session, channels: new Map(session.channels).set(room, locked) };
}

/** The session without its head context when that is `command` about `target` (the answer arrived, shared). */
function popIf(session: IrcSession, command: string, target: string): IrcSession {
  const head = session.awaiting[0];
  if (!head || head.mark !== undefined || head.command !== command || head.target.toLowerCase() !== target.toLowerCase()) return session;
  return { ...session, awaiting: session.awaiting.slice(1) };
}
