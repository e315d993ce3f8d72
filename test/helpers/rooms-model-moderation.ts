import type { ClientFrame } from '../../src/protocol.js';
import { changed, reasonWords, refused, type MConn, type Prediction, type RoomsModel } from './rooms-model.js';

/**
 * The reference model's moderation ([OPER-SECRET]): only operators act; kick and ban close the
 * target and tell its rooms; bans cover the nickname (any case) and the host, mutes the nickname,
 * each until its end (null: until lifted); an expired ban is forgotten when the next one is made.
 */
export function moderate(model: RoomsModel, conn: MConn & { nick: string }, frame: Extract<ClientFrame, { type: 'kick' | 'ban' | 'unban' | 'mute' | 'unmute' }>, at: number): Prediction {
  if (!conn.oper) return refused(conn.id, 'NOT_OPERATOR');
  if (frame.type === 'unban') {
    const kept = model.bans.filter((b) => b.nick !== frame.nick.toLowerCase());
    if (kept.length === model.bans.length) return refused(conn.id, 'NO_SUCH_NICK');
    model.bans = kept;
    return changed([`${conn.id} info`]);
  }
  const who = model.byNick(frame.nick);
  if (!who) return refused(conn.id, 'NO_SUCH_NICK');
  const folded = who.nick!.toLowerCase();
  switch (frame.type) {
    case 'kick': {
      const words = `kicked by ${conn.nick}${frame.reason === undefined ? '' : `: ${reasonWords(frame.reason)}`}`;
      // An operator sharing a room with the target reads the kick there; otherwise a confirmation.
      const shared = model.roomsOf(who.id).some((room) => model.rooms.get(room)?.members.has(conn.id));
      const step = model.gone(who.id, 'kicked', [`${who.id} bye ${words}`], words);
      return shared ? step : { ...step, deliveries: [...step.deliveries, `${conn.id} info`] };
    }
    case 'ban': {
      const until = frame.durationMs === undefined ? null : at + frame.durationMs;
      model.bans = [...model.bans.filter((b) => b.until === null || b.until > at), { nick: folded, host: who.host, until }];
      const words = `banned by ${conn.nick}${frame.durationMs === undefined ? '' : ` for ${span(frame.durationMs)}`}`;
      const step = model.gone(who.id, 'banned', [`${who.id} bye ${words}`], words);
      return { ...step, deliveries: [...step.deliveries, `${conn.id} info`] };
    }
    case 'mute': {
      const until = frame.durationMs === undefined ? null : at + frame.durationMs;
      const same = model.mutes.has(folded) && model.mutes.get(folded) === until;
      model.mutes.set(folded, until);
      return { ...changed([`${who.id} info`, `${conn.id} info`]), sameState: same };
    }
    case 'unmute': {
      if (!model.mutes.has(folded)) return refused(conn.id, 'NO_SUCH_NICK');
      model.mutes.delete(folded);
      return changed([`${who.id} info`, `${conn.id} info`]);
    }
  }
}

/** [DURATION] as the server words it: the largest whole unit. */
function span(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.ceil(ms / 1000)}s`;
}
