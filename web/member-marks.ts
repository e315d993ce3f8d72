import type { ClientFrame, ServerFrame } from '../src/protocol.js';

/** [WEB-MARKS] What the members list shows beside a nickname. */
export interface Mark {
  readonly away: string | null;
  readonly oper: boolean;
}

/** One `whois` at most this often: the user's own frames keep most of the [FLOOD] tokens (2 a second). */
const PACE_MS = 1_500;
/** Nicknames waiting to be asked about, at most; more are asked about when they next join. */
const MAX_QUEUED = 60;
/** Leaves after which the nickname is gone from the server (a `part` leaves it in its other rooms). */
const GONE = new Set(['quit', 'disconnected', 'kicked', 'banned', 'flooding', 'slow-consumer', 'timeout', 'protocol-error']);

const key = (nick: string) => nick.toLowerCase();

/**
 * [WEB-MARKS] Away and operator marks as frames tell them: every `whois` answer and every `away`
 * change ([AWAY-NOTIFY]); the members of a room the page enters and everyone who joins one are asked about (one `whois` every 1.5 s, so the
 * user's own typing keeps its [FLOOD] tokens), and a member who is gone loses its mark. The answers
 * to these questions of the page's own are not shown in the log (`onFrame` says so).
 * `send` is called only while `ready()`.
 */
export function createMemberMarks(send: (frame: ClientFrame) => void, ready: () => boolean) {
  const marks = new Map<string, Mark>();
  const queue: string[] = [];
  let asking: string | undefined;
  let paced: ReturnType<typeof setTimeout> | undefined;

  function want(nick: string): void {
    if (queue.length >= MAX_QUEUED || queue.some((n) => key(n) === key(nick))) return;
    queue.push(nick);
    pump();
  }

  function pump(): void {
    if (paced !== undefined || asking !== undefined || !ready() || queue.length === 0) return;
    const nick = queue.shift()!;
    asking = key(nick);
    send({ type: 'whois', nick });
    paced = setTimeout(() => {
      paced = undefined;
      pump();
    }, PACE_MS);
  }

  /** Notes a frame; true when it answers the page's own question (the log does not show it). */
  function onFrame(frame: ServerFrame): boolean {
    switch (frame.type) {
      case 'whois': {
        marks.set(key(frame.nick), { away: frame.away, oper: frame.oper });
        if (asking !== key(frame.nick)) return false;
        asking = undefined;
        pump();
        return true;
      }
      case 'error': {
        // The one asked about left meanwhile, or the tokens ran out (a refusal without a `ref` is
        // not the user's `say`): ours, not shown; a refused question is asked again later.
        if (asking === undefined || (frame.code !== 'NO_SUCH_NICK' && frame.code !== 'RATE_LIMITED')) return false;
        const refused = asking;
        asking = undefined;
        if (frame.code === 'RATE_LIMITED') queue.push(refused);
        pump();
        return frame.code === 'NO_SUCH_NICK' || frame.ref === undefined;
      }
      case 'away': {
        // [AWAY-NOTIFY] The room tells away changes as they happen.
        const known = marks.get(key(frame.nick));
        marks.set(key(frame.nick), { away: frame.away, oper: known?.oper ?? false });
        return false;
      }
      case 'room': frame.members.forEach(want); return false;
      case 'joined': want(frame.nick); return false;
      case 'presence':
        frame.joined.forEach(want);
        frame.left.forEach((l) => GONE.has(l.reason) && marks.delete(key(l.nick)));
        return false;
      case 'left':
        if (GONE.has(frame.reason)) marks.delete(key(frame.nick));
        return false;
      default: return false;
    }
  }

  return {
    marks: marks as ReadonlyMap<string, Mark>,
    onFrame,
    /** Asks about `nick` soon (the user's own `away` or `oper`). */
    want,
    /** The connection is back (or ready): go on asking; a question the drop took is asked again. */
    resume(): void {
      if (asking !== undefined) queue.unshift(asking);
      asking = undefined;
      pump();
    },
  };
}
