import { formatDuration } from '../duration.js';
import { withUpdatedConnection } from '../membership.js';
import { foldNick } from '../nickname.js';
import type { BanFrame, KickFrame, MuteFrame, OperFrame, UnbanFrame, UnmuteFrame } from '../protocol.js';
import { hostOf, selectByNick, selectRoomsOf, type Connection } from '../room-state.js';
import { cleanReason } from '../text-hygiene.js';
import { info, log, refusal, refuse, send, type Ctx, type Step } from '../step.js';
import type { RoomOptions } from './options.js';
import { closing } from './session.js';
import { sameSecret } from '../same-secret.js';

/** [OPER] Becomes an operator with the shared secret (compared in constant time). */
export function oper(ctx: Ctx<RoomOptions>, frame: OperFrame): Step {
  const { state, conn, options } = ctx;
  // [REDACT] The edge's verdict when it gave one (it blanked the secret), else the check itself.
  const proven = frame.proven ?? (options.operSecret !== null && sameSecret(frame.secret, options.operSecret));
  if (!proven) {
    return { state, effects: [refusal(conn.id, 'OPER_FAILED', 'operator authentication failed'), log('warn', 'oper failed', { conn: conn.id })] };
  }
  return {
    state: withUpdatedConnection(state, { ...conn, oper: true }),
    effects: [info(conn.id, 'you are now an operator'), log('info', 'oper granted', { conn: conn.id, nick: conn.nick })],
  };
}

/** The operator and the target of a moderation command, or the refusal. */
function target(ctx: Ctx<RoomOptions>, nick: string): { ok: true; who: Connection & { nick: string } } | { ok: false; step: Step } {
  const { state, conn } = ctx;
  if (!conn.oper) return { ok: false, step: refuse(state, conn.id, 'NOT_OPERATOR', 'only operators may do that') };
  const who = selectByNick(state, nick);
  if (!who || who.nick === undefined) return { ok: false, step: refuse(state, conn.id, 'NO_SUCH_NICK', `nobody is called "${nick}"`) };
  return { ok: true, who: who as Connection & { nick: string } };
}

/** [KICK] Disconnects a person; their rooms read why. */
export function kick(ctx: Ctx<RoomOptions>, frame: KickFrame): Step {
  const found = target(ctx, frame.nick);
  if (!found.ok) return found.step;
  const reason = frame.reason === undefined ? '' : `: ${cleanReason(frame.reason)}`;
  const words = `kicked by ${ctx.conn.nick}${reason}`;
  const step = closing(ctx.state, found.who, [send(found.who.id, { type: 'bye', reason: words, code: 'kicked' })], 'kicked', ctx.at, words, ctx.conn.nick);
  // The operator reads the kick in the rooms they share with the target; elsewhere, a confirmation.
  const shared = selectRoomsOf(ctx.state, found.who.id).some((room) => ctx.state.rooms.get(room)?.members.has(ctx.conn.id));
  return { state: step.state, effects: shared ? step.effects : [...step.effects, info(ctx.conn.id, `${found.who.nick} was kicked`)] };
}

/** [BAN] Bans a nickname and its host, for a while or until restart, and disconnects them. */
export function ban(ctx: Ctx<RoomOptions>, frame: BanFrame): Step {
  const found = target(ctx, frame.nick);
  if (!found.ok) return found.step;
  const { who } = found;
  const until = frame.durationMs === undefined ? null : ctx.at + frame.durationMs;
  const banned = { ...ctx.state, bans: [...ctx.state.bans.filter((b) => b.until === null || b.until > ctx.at), { nick: foldNick(who.nick), host: hostOf(who.address), until }] };
  const span = frame.durationMs === undefined ? '' : ` for ${formatDuration(frame.durationMs)}`;
  const words = `banned by ${ctx.conn.nick}${span}`;
  const step = closing(banned, who, [send(who.id, { type: 'bye', reason: words, code: 'banned' })], 'banned', ctx.at, words, ctx.conn.nick);
  return { state: step.state, effects: [...step.effects, info(ctx.conn.id, `${who.nick} is banned${span}`)] };
}

export function unban(ctx: Ctx<RoomOptions>, frame: UnbanFrame): Step {
  const { state, conn } = ctx;
  if (!conn.oper) return refuse(state, conn.id, 'NOT_OPERATOR', 'only operators may do that');
  const folded = foldNick(frame.nick);
  const bans = state.bans.filter((b) => b.nick !== folded);
  if (bans.length === state.bans.length) return refuse(state, conn.id, 'NO_SUCH_NICK', `"${frame.nick}" is not banned`);
  return { state: { ...state, bans }, effects: [info(conn.id, `${frame.nick} is no longer banned`)] };
}

/** [MUTE] Silences a person in every room and in private, for a while or until unmuted. */
export function mute(ctx: Ctx<RoomOptions>, frame: MuteFrame): Step {
  const found = target(ctx, frame.nick);
  if (!found.ok) return found.step;
  const until = frame.durationMs === undefined ? null : ctx.at + frame.durationMs;
  const span = frame.durationMs === undefined ? '' : ` for ${formatDuration(frame.durationMs)}`;
  const mutes = ctx.state.mutes.set(foldNick(found.who.nick), until);
  return {
    state: mutes === ctx.state.mutes ? ctx.state : { ...ctx.state, mutes },
    effects: [info(found.who.id, `you were muted by ${ctx.conn.nick}${span}`), info(ctx.conn.id, `${found.who.nick} is muted${span}`)],
  };
}

export function unmute(ctx: Ctx<RoomOptions>, frame: UnmuteFrame): Step {
  const found = target(ctx, frame.nick);
  if (!found.ok) return found.step;
  const folded = foldNick(found.who.nick);
  if (!ctx.state.mutes.has(folded)) return refuse(ctx.state, ctx.conn.id, 'NO_SUCH_NICK', `"${frame.nick}" is not muted`);
  return {
    state: { ...ctx.state, mutes: ctx.state.mutes.delete(folded) },
    effects: [info(found.who.id, 'you may speak again'), info(ctx.conn.id, `${found.who.nick} may speak again`)],
  };
}
