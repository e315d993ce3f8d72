import type { ClientFrame, RoomFrame, ServerFrame } from '../src/protocol.js';

/** [WEB-MARKS] What the members list shows beside a nickname. */
export interface Mark {
  readonly away: boolean;
  /** The away reason, when a `whois` answer or an `away` frame told it (a names page does not). */
  readonly reason?: string;
  readonly oper: boolean;
}

/** One `whois` at most this often: the user's own frames keep most of the [FLOOD] tokens (2 a second). */
const PACE_MS = 1_500;
/** Nicknames waiting to be asked about, at most; more are asked about when they next join. */
const MAX_QUEUED = 60;
/** Leaves after which the nickname is gone from the server (a `part` leaves it in its other rooms). */
const GONE = new Set(['quit', 'disconnected', 'kicked', 'banned', 'flooding', 'slow-consumer', 'timeout', 'protocol-error']);
const HERE: Mark = { away: false, oper: false };

const key = (nick: string) => nick.toLowerCase();
/** [NAMES-MARKS] A page that carries marks: only a server that sends them does. */
const carriesMarks = (page: RoomFrame) => page.away !== undefined || page.opers !== undefined;

/** How the page waits between its questions; the tests pass their own. */
export type Delay = (run: () => void, ms: number) => void;

/**
 * [WEB-MARKS] Away and operator marks as frames tell them. A `room` page ([NAMES-MARKS]) marks
 * each of its members at once (away, operator); only its away members are asked about with
 * `whois`, for their reason. Later changes: `away` frames ([AWAY-NOTIFY]), `whois` answers. A
 * joiner is asked about only when nothing told its marks (no page listed it, no answer, or it
 * parted since). A page without marks is "none" only once a page of this connection carried some:
 * until then its members are asked about, as from a server older than [NAMES-MARKS]. Questions
 * go one every 1.5 s (the user's own typing keeps its [FLOOD] tokens), at most 60 waiting; their
 * answers are not shown in the log (`onFrame` says so). `send` is called only while `ready()`.
 */
export function createMemberMarks(send: (frame: ClientFrame) => void, ready: () => boolean, delay: Delay = (run, ms) => void setTimeout(run, ms)) {
  const marks = new Map<string, Mark>();
  /** Nicknames whose operator status (and away, kept up by `away` frames since) a frame told. */
  const told = new Set<string>();
  /** Members of pages without marks, before this connection's server showed it sends them. */
  const doubted = new Set<string>();
  /** The user's own nickname after their `/away` or `/oper`: asked about whatever is known. */
  const forced = new Set<string>();
  let marking = false;
  const queue: string[] = [];
  let asking: string | undefined;
  let paced = false;

  /** Whether a question about `nick` would still tell the page something. */
  function needed(nick: string): boolean {
    const k = key(nick);
    const mark = marks.get(k);
    return forced.has(k) || !told.has(k) || (mark !== undefined && mark.away && mark.reason === undefined);
  }

  function ask(nick: string): void {
    if (!needed(nick) || queue.some((n) => key(n) === key(nick))) return;
    if (queue.length >= MAX_QUEUED) queue.splice(0, queue.length, ...queue.filter(needed));
    if (queue.length >= MAX_QUEUED) return;
    queue.push(nick);
    pump();
  }

  function pump(): void {
    if (paced || asking !== undefined || !ready()) return;
    // What a frame told meanwhile is not asked about: no token spent on it.
    while (queue.length > 0 && !needed(queue[0]!)) queue.shift();
    const nick = queue.shift();
    if (nick === undefined) return;
    asking = key(nick);
    send({ type: 'whois', nick });
    paced = true;
    delay(() => {
      paced = false;
      pump();
    }, PACE_MS);
  }

  /** [NAMES-MARKS] A page's marks, or its members' doubt while the server has shown none. */
  function notePage(page: RoomFrame): void {
    if (carriesMarks(page) && !marking) {
      marking = true;
      // The pages before this one said "none" truly: their members are told.
      for (const k of doubted) if (!told.has(k)) setTold(k, marks.get(k) ?? HERE);
      doubted.clear();
    }
    if (!marking) {
      page.members.forEach((m) => doubted.add(key(m)));
      page.members.forEach(ask);
      return;
    }
    const away = new Set((page.away ?? []).map(key));
    const opers = new Set((page.opers ?? []).map(key));
    for (const m of page.members) {
      const k = key(m);
      const reason = away.has(k) ? marks.get(k)?.reason : undefined;
      setTold(k, { away: away.has(k), ...(reason !== undefined ? { reason } : {}), oper: opers.has(k) });
      if (away.has(k)) ask(m);
    }
  }

  function setTold(k: string, mark: Mark): void {
    marks.set(k, mark);
    told.add(k);
  }

  function noteLeave(nick: string, reason: string): void {
    // A member who parts is not heard of (`away` frames) until it comes back: asked again then.
    told.delete(key(nick));
    if (GONE.has(reason)) marks.delete(key(nick));
  }

  /** Notes a frame; true when it answers the page's own question (the log does not show it). */
  function onFrame(frame: ServerFrame): boolean {
    switch (frame.type) {
      case 'whois': {
        const k = key(frame.nick);
        setTold(k, { away: frame.away !== null, ...(frame.away !== null ? { reason: frame.away } : {}), oper: frame.oper });
        forced.delete(k);
        if (asking !== k) return false;
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
        else forced.delete(refused);
        pump();
        return frame.code === 'NO_SUCH_NICK' || frame.ref === undefined;
      }
      case 'away': {
        // [AWAY-NOTIFY] The room tells away changes as they happen, with the reason.
        const oper = marks.get(key(frame.nick))?.oper ?? false;
        marks.set(key(frame.nick), { away: frame.away !== null, ...(frame.away !== null ? { reason: frame.away } : {}), oper });
        return false;
      }
      case 'welcome':
        // A new connection, perhaps to another server: it shows again whether it sends marks.
        marking = false;
        doubted.clear();
        return false;
      case 'room': notePage(frame); return false;
      case 'joined': ask(frame.nick); return false;
      case 'presence':
        frame.left.forEach((l) => noteLeave(l.nick, l.reason));
        frame.joined.forEach(ask);
        return false;
      case 'left': noteLeave(frame.nick, frame.reason); return false;
      default: return false;
    }
  }

  return {
    marks: marks as ReadonlyMap<string, Mark>,
    onFrame,
    /** Asks about `nick` soon, whatever frames told (the user's own `away` or `oper`). */
    want(nick: string): void {
      forced.add(key(nick));
      ask(nick);
    },
    /** The connection is back (or ready): go on asking; a question the drop took is asked again. */
    resume(): void {
      if (asking !== undefined) queue.unshift(asking);
      asking = undefined;
      pump();
    },
  };
}
