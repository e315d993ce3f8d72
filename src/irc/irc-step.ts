import type { ClientFrame } from '../protocol.js';
import type { IrcContext, IrcOutput, IrcSession, IrcStep } from './irc-session.js';

/** A handler's step with local replies only. */
export function replyOnly(session: IrcSession, ...out: IrcOutput[]): IrcStep {
  return { session, out };
}

/** One frame for the room, with what its answer will mean ([IRC-ORDER]). */
export interface Sent {
  readonly frame: ClientFrame;
  readonly context: IrcContext;
}

/** A step that sends `sent` frames in order, remembering each one's context. */
export function sendFrames(session: IrcSession, sent: readonly Sent[], before: readonly IrcOutput[] = []): IrcStep {
  if (sent.length === 0) return { session, out: before };
  return {
    session: { ...session, awaiting: [...session.awaiting, ...sent.map((s) => s.context)] },
    out: [...before, ...sent.map((s): IrcOutput => ({ kind: 'frame', frame: s.frame }))],
  };
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
