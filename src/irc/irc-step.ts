import type { ClientFrame } from '../protocol.js';
import { IRC_AWAITING_MAX, type IrcContext, type IrcOutput, type IrcSession, type IrcStep } from './irc-session.js';

/** A handler's step with local replies only. */
export function replyOnly(session: IrcSession, ...out: IrcOutput[]): IrcStep {
  return { session, out };
}

/** One frame for the room, with what its answer will mean ([IRC-ORDER]). */
export interface Sent {
  readonly frame: ClientFrame;
  readonly context: IrcContext;
}

/** Frames whose answers name themselves (`ref`), or that have none: they need no context. */
const SELF_NAMED: ReadonlySet<ClientFrame['type']> = new Set(['say', 'msg', 'ping', 'pong', 'quit']);
/** Frames answered by zero, one or many frames, or later (the archive): a marker `ping` ends their answers. */
const MARKED: ReadonlySet<ClientFrame['type']> = new Set(['history', 'search', 'kick', 'ban', 'unban', 'mute', 'unmute', 'lock-topic']);

/** [IRC-MARK] The `ref` of the ping that closes the answers of a marked frame. */
export const MARK_PREFIX = 'irc-mark:';

/**
 * [IRC-ORDER] A step that sends `sent` frames in order, queueing each one's context: the room
 * answers in the order it was asked, but later (the answers of a turn go out once its events are
 * stored), so the queue, not the current line, says what an answer is to. A frame answered by
 * exactly one frame or refusal pops its context with that answer; a marked frame's context stays
 * until the `pong` of the marker `ping` sent right after it (it costs a token, as every line does).
 */
export function sendFrames(session: IrcSession, sent: readonly Sent[], before: readonly IrcOutput[] = []): IrcStep {
  return sendItems(session, [...before, ...sent]);
}

/** Frames (with their contexts) and local replies, in the order given. */
export function sendItems(session: IrcSession, items: readonly (Sent | IrcOutput)[]): IrcStep {
  const awaiting = [...session.awaiting];
  const out: IrcOutput[] = [];
  let { nextRef } = session;
  for (const item of items) {
    if (!('context' in item)) { out.push(item); continue; }
    const { frame, context } = item;
    out.push({ kind: 'frame', frame });
    if (SELF_NAMED.has(frame.type)) continue;
    if (!MARKED.has(frame.type)) { awaiting.push(context); continue; }
    const mark = `${MARK_PREFIX}${nextRef++}`;
    awaiting.push({ ...context, mark });
    out.push({ kind: 'frame', frame: { type: 'ping', ref: mark } });
  }
  return { session: { ...session, nextRef, awaiting: awaiting.slice(-IRC_AWAITING_MAX) }, out };
}

/** One frame and its context. */
export function sendFrame(session: IrcSession, frame: ClientFrame, context: IrcContext): IrcStep {
  return sendFrames(session, [{ frame, context }]);
}

/** [IRC-TARGETS] A comma list, without empties, at most `max` long (the rest is ignored). */
export function targets(list: string | undefined, max: number): string[] {
  return (list ?? '').split(',').filter((t) => t !== '').slice(0, max);
}

/** Channel names start with `#` (CHANTYPES=#). */
export function isChannel(target: string): boolean {
  return target.startsWith('#');
}
