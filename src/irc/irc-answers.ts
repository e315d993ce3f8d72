import type { AckFrame, ErrorFrame } from '../protocol.js';
import { neutralizeControls } from '../text-hygiene.js';
import { errorLines } from './irc-errors.js';
import { carryFormatting, restoreFormatting } from './irc-format.js';
import { formatIrcLine } from './irc-message.js';
import { tagsFor, type TagChoice } from './irc-render.js';
import { serverLine } from './irc-replies.js';
import { hasCap, hostmask, IRC_SERVER, LOCAL_PREFIX, type IrcContext, type IrcSession } from './irc-session.js';
import { MARK_PREFIX } from './irc-step.js';
import { gather, isLookup } from './irc-lookup.js';

/** A session and the wire text one frame gave. */
export interface IrcEncoded {
  readonly session: IrcSession;
  readonly text: string;
}

export const done = (session: IrcSession, text: string): IrcEncoded => ({ session, text });

/** The reader's tag choice ([IRC-TAGS]). */
export function tagChoice(session: IrcSession): TagChoice {
  return { time: hasCap(session, 'server-time'), msgid: hasCap(session, 'message-tags') };
}

/**
 * The session without the context at the head of `awaiting` when `is` says the answer is to it
 * ([IRC-ORDER]); a marked context waits for its marker's `pong` instead ([IRC-MARK]).
 */
export function answered(session: IrcSession, is: (head: IrcContext) => boolean): IrcSession {
  const head = session.awaiting[0];
  if (head === undefined || head.mark !== undefined || !is(head)) return session;
  return { ...session, awaiting: session.awaiting.slice(1) };
}

/** A context test: the head is one of these commands. */
export const command = (...names: string[]) => (head: IrcContext) => names.includes(head.command);

/** A context test: the head is this command about this target (case folded). */
export const about = (name: string, target: string) => (head: IrcContext) =>
  head.command === name && head.target.toLowerCase() === target.toLowerCase();

/**
 * A `pong`: the held replies of a locally answered line ([IRC-FLOOD]), the end of a marked
 * frame's answers ([IRC-MARK]), or the answer to the client's own PING.
 */
export function pong(session: IrcSession, ref: string | undefined): IrcEncoded {
  if (ref?.startsWith(LOCAL_PREFIX)) {
    const at = session.locals.findIndex((l) => l.ref === ref);
    return at === -1 ? done(session, '') : done({ ...session, locals: session.locals.slice(at + 1) }, session.locals[at]!.replies);
  }
  if (ref?.startsWith(MARK_PREFIX)) {
    const at = session.awaiting.findIndex((c) => c.mark === ref);
    return done(at === -1 ? session : { ...session, awaiting: session.awaiting.slice(at + 1) }, '');
  }
  return done(session, serverLine('PONG', IRC_SERVER, ref ?? IRC_SERVER));
}

/** [IRC-ECHO] With echo-message, the room's ack of a message becomes that message, sent back. */
export function ack(session: IrcSession, frame: AckFrame): IrcEncoded {
  const echo = session.echoes.find((e) => e.ref === frame.ref);
  const next = echo ? { ...session, echoes: session.echoes.filter((e) => e !== echo) } : session;
  if (!echo || !hasCap(session, 'echo-message') || session.nick === undefined) return done(next, '');
  // The sender reads what the others read: controls neutralised, formatting kept ([TEXT-HYGIENE]).
  const clean = restoreFormatting(neutralizeControls(carryFormatting(echo.text)));
  const text = echo.kind === 'action' ? `\x01ACTION ${clean}\x01` : clean;
  const tags = tagsFor(tagChoice(session), frame.ts, frame.id);
  return done(next, formatIrcLine({ ...(tags ? { tags } : {}), source: hostmask(session.nick), command: echo.command, params: [echo.target, text] }));
}

/**
 * A refusal, named after the refused frame: its echo (by `ref`), its held local replies (a 263
 * instead of them), or the context at the head of the queue. NOTICE stays silent.
 */
export function error(session: IrcSession, frame: ErrorFrame): IrcEncoded {
  const { ref } = frame;
  if (ref?.startsWith(LOCAL_PREFIX) || ref?.startsWith(MARK_PREFIX)) return refusedPing(session, frame, ref);
  const echo = ref === undefined ? undefined : session.echoes.find((e) => e.ref === ref);
  const head = session.awaiting[0];
  // [IRC-LOOKUP] Nobody has that nick: it is left out of the USERHOST or ISON line.
  if (echo === undefined && isLookup(head) && frame.code === 'NO_SUCH_NICK') return gather(session, head, undefined);
  const context: IrcContext | undefined = echo ? { command: echo.command, target: echo.target, ...(echo.command === 'NOTICE' ? { silent: true } : {}) } : head;
  let next = echo ? { ...session, echoes: session.echoes.filter((e) => e !== echo) } : answered(session, () => true);
  // A refused hello leaves registration open: the next NICK tries again.
  if (next.phase === 'hello') next = { ...next, phase: 'open' };
  if (context?.silent && !frame.fatal) return done(next, '');
  return done(next, errorLines(session, frame, context));
}

/** A charging or marker ping the room refused (too fast): its replies become that refusal. */
function refusedPing(session: IrcSession, frame: ErrorFrame, ref: string): IrcEncoded {
  const local = session.locals.find((l) => l.ref === ref);
  const marked = session.awaiting.findIndex((c) => c.mark === ref);
  const next = {
    ...session,
    locals: local ? session.locals.filter((l) => l !== local) : session.locals,
    awaiting: marked === -1 ? session.awaiting : session.awaiting.slice(marked + 1),
  };
  // A marker refused says nothing new: its frame was refused just before it, or answered.
  if (!local && !frame.fatal) return done(next, '');
  return done(next, errorLines(session, frame, { command: local?.command ?? '*', target: '' }));
}

