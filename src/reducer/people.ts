import type { Effect } from '../effects.js';
import { withUpdatedConnection } from '../membership.js';
import type { AwayFrame, WhoisFrame } from '../protocol.js';
import { selectByNick, selectRoomsOf, type RoomState } from '../room-state.js';
import { neutralizeControls } from '../text-hygiene.js';
import { info, refuse, reply, type Ctx, type Step } from '../step.js';
import type { RoomOptions } from './options.js';

/** [AWAY-MAX] An away reason is at most this many characters. */
export const AWAY_MAX = 200;

/** [WHOIS] Rooms, connected since, idle time and away message of a person. */
export function whois(ctx: Ctx<RoomOptions>, frame: WhoisFrame): Step {
  const { state, conn, at } = ctx;
  const target = selectByNick(state, frame.nick);
  if (!target || target.nick === undefined) return refuse(state, conn.id, 'NO_SUCH_NICK', `nobody is called "${frame.nick}"`);
  return reply(state, conn.id, {
    type: 'whois', nick: target.nick, rooms: selectRoomsOf(state, target.id), since: target.openedAt,
    idleMs: Math.max(0, at - target.activeAt), away: target.away, oper: target.oper,
  });
}

/**
 * [AWAY] Marks the sender away with a reason, or back without one. [AWAY-NOTIFY] A change is told
 * to the other members of each room the sender is in, one broadcast per room: O(rooms), encoded
 * once per room, and after that room's untold joins and leaves ([PRESENCE-ORDER]). Saying the same
 * again changes nothing and tells nobody.
 */
export function away(ctx: Ctx<RoomOptions>, frame: AwayFrame): Step {
  const { state, conn, at } = ctx;
  const reason = frame.reason?.trim();
  if (reason !== undefined && reason.length > AWAY_MAX) return refuse(state, conn.id, 'TEXT_TOO_LONG', `an away reason is at most ${AWAY_MAX} characters`);
  const awayText = reason ? neutralizeControls(reason) : null;
  const effects: Effect[] = [info(conn.id, awayText === null ? 'you are back' : `you are marked away: ${awayText}`)];
  if (awayText !== conn.away) {
    for (const room of selectRoomsOf(state, conn.id)) {
      effects.push({ type: 'broadcast', room, except: conn.id, frame: { type: 'away', ts: at, room, nick: conn.nick, away: awayText } });
    }
  }
  return { state: withUpdatedConnection(state, { ...conn, away: awayText }), effects };
}

/** [MOTD] The message of the day, from `--motd-file`. */
export function motd(state: RoomState, to: number, options: RoomOptions): Step {
  return reply(state, to, { type: 'info', text: options.motd ?? 'there is no message of the day' });
}
