import type { Effect } from '../effects.js';
import { withRoom, withUpdatedConnection } from '../membership.js';
import { foldNick } from '../nickname.js';
import { LOBBY, type MessageFrame, type MsgFrame, type SayFrame } from '../protocol.js';
import { RECENT_REFS, selectByNick, type SentRef } from '../room-state.js';
import { neutralizeControls } from '../text-hygiene.js';
import { info, refuse, reply, send, type Ctx, type Step } from '../step.js';
import type { RoomOptions } from './options.js';
import { formatDuration } from '../duration.js';

/** Why a text may not be sent, if it may not: empty, too long ([TEXT-MAX]) or muted. */
function textProblem(ctx: Ctx<RoomOptions>, text: string, ref: string | undefined): Step | undefined {
  const { state, conn, at, options } = ctx;
  if (text.trim().length === 0) return refuse(state, conn.id, 'TEXT_EMPTY', 'message is empty', ref);
  if (text.length > options.maxTextLength) {
    return refuse(state, conn.id, 'TEXT_TOO_LONG', `message is longer than ${options.maxTextLength} characters`, ref);
  }
  const until = state.mutes.get(foldNick(conn.nick));
  if (until === undefined || (until !== null && until <= at)) return undefined;
  // Whole seconds, so a mute of 10m read a moment later still says 10m, not 600s.
  const left = until === null ? '' : ` for ${formatDuration(Math.ceil((until - at) / 1000) * 1000)}`;
  return refuse(state, conn.id, 'MUTED', `you are muted${left}`, ref);
}

/**
 * [SAY] A message to a room the sender is in: every other member gets it once, in the order the
 * server received it; the sender gets an `ack`. Only the id counter, the room's history and the
 * sender's activity change: nothing proportional to the number of members or to `--history`.
 */
export function say(ctx: Ctx<RoomOptions>, frame: SayFrame): Step {
  const { state, conn, at, options } = ctx;
  const again = alreadySent(ctx, frame.ref);
  if (again) return again;
  const room = (frame.room ?? LOBBY).toLowerCase();
  const current = state.rooms.get(room);
  if (!current || !current.members.has(conn.id)) return refuse(state, conn.id, 'NOT_IN_ROOM', `you are not in ${room}`, frame.ref);
  const problem = textProblem(ctx, frame.text, frame.ref);
  if (problem) return problem;
  const id = state.nextMessageId;
  const message: MessageFrame = {
    type: 'message', id, ts: at, room, from: conn.nick, text: neutralizeControls(frame.text),
    ...(frame.kind === 'action' ? { kind: 'action' } : {}),
  };
  const counted = { ...state, nextMessageId: id + 1 };
  const kept = options.historyLimit > 0 ? withRoom(counted, { ...current, history: current.history.append(message, options.historyLimit) }) : counted;
  return {
    state: withUpdatedConnection(kept, { ...conn, activeAt: at, recent: remember(conn.recent, frame.ref, id, at) }),
    effects: [
      { type: 'broadcast', room, except: conn.id, frame: message },
      send(conn.id, { type: 'ack', id, ts: at, ...(frame.ref === undefined ? {} : { ref: frame.ref }) }),
    ],
  };
}

/** [MSG] A private message reaches its target only; an away target's reason comes back. */
export function privateMessage(ctx: Ctx<RoomOptions>, frame: MsgFrame): Step {
  const { state, conn, at } = ctx;
  const again = alreadySent(ctx, frame.ref);
  if (again) return again;
  const target = selectByNick(state, frame.to);
  if (!target || target.nick === undefined) return refuse(state, conn.id, 'NO_SUCH_NICK', `nobody is called "${frame.to}"`, frame.ref);
  const problem = textProblem(ctx, frame.text, frame.ref);
  if (problem) return problem;
  const id = state.nextMessageId;
  const effects: Effect[] = [
    send(target.id, {
      type: 'private', id, ts: at, from: conn.nick, to: target.nick, text: neutralizeControls(frame.text),
      ...(frame.kind === 'action' ? { kind: 'action' } : {}),
    }),
    send(conn.id, { type: 'ack', id, ts: at, ...(frame.ref === undefined ? {} : { ref: frame.ref }) }),
  ];
  if (target.away !== null) effects.push(info(conn.id, `${target.nick} is away: ${target.away}`));
  const sender = { ...conn, activeAt: at, recent: remember(conn.recent, frame.ref, id, at) };
  return { state: withUpdatedConnection({ ...state, nextMessageId: id + 1 }, sender), effects };
}

/**
 * [DEDUPE] A `say` or `msg` whose `ref` this session already sent (a client resending after a
 * reconnect, not knowing whether it arrived) is acknowledged again with its first id and time,
 * and delivered to nobody a second time.
 */
function alreadySent(ctx: Ctx<RoomOptions>, ref: string | undefined): Step | undefined {
  if (ref === undefined) return undefined;
  const sent = ctx.conn.recent.find((r) => r.ref === ref);
  return sent && reply(ctx.state, ctx.conn.id, { type: 'ack', id: sent.id, ts: sent.ts, ref });
}

/** The session's sent refs with this one added, the oldest dropped past [RECENT-REFS]. */
function remember(recent: readonly SentRef[], ref: string | undefined, id: number, ts: number): readonly SentRef[] {
  if (ref === undefined) return recent;
  return [...(recent.length >= RECENT_REFS ? recent.slice(recent.length - RECENT_REFS + 1) : recent), { ref, id, ts }];
}
