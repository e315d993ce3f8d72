import type { Effect } from './effects.js';
import type { ConnId } from './events.js';
import type { JoinedFrame, LeftFrame, PresenceFrame, PresenceLeave } from './protocol.js';

/** One member's last change in a room within a presence window ([PRESENCE]). */
export interface PresenceChange {
  readonly conn: ConnId;
  readonly frame: JoinedFrame | LeftFrame;
}

/** [PRESENCE-LIMIT] Default room size above which joins and leaves are not announced line by line. */
export const DEFAULT_PRESENCE_LIMIT = 200;

/** [PRESENCE-WINDOW] Default length of a presence window, in ms. */
export const DEFAULT_PRESENCE_WINDOW_MS = 50;

/** [PRESENCE-WINDOW-SCALE] Each member lengthens a room's window by this many ms, up to [PRESENCE-WINDOW-MAX]. */
export const PRESENCE_WINDOW_PER_MEMBER_MS = 0.1;
/** [PRESENCE-WINDOW-MAX] The longest a window grows, in ms. */
export const PRESENCE_WINDOW_MAX_MS = 1_000;

/**
 * [PRESENCE-WINDOW] How long a room of `members` gathers changes before telling them: at least
 * `baseMs`, and a tenth of a millisecond per member (up to a second). Every window costs one frame
 * per member, so a window that grows with the room keeps a storm's frames linear in its size: a
 * room of 2,000 is told five times a second at most, whatever the rate of joins.
 */
export function presenceWindowMs(baseMs: number, members: number): number {
  return Math.max(baseMs, Math.min(PRESENCE_WINDOW_MAX_MS, members * PRESENCE_WINDOW_PER_MEMBER_MS));
}

/**
 * [PRESENCE-CHUNK] Most bytes of names one `presence` frame carries, so a frame stays far below
 * any reader's frame limit ([FRAME-MAX]) however many changed in one window; more make more frames.
 */
export const PRESENCE_CHUNK_BYTES = 8 * 1024;

/**
 * The broadcasts that tell a room's `count` members about a window's `changes` (each member at
 * most once, in the order of their last change): a lone change in a room within `limit` as
 * today's `joined`/`left` (not to the joiner, who has its room frame), anything else as
 * `presence` frames, `quiet` above `limit` ([PRESENCE-LIMIT]). Nothing when the room is empty.
 */
export function presenceEffects(room: string, changes: readonly PresenceChange[], count: number, limit: number): Effect[] {
  if (changes.length === 0 || count === 0) return [];
  const quiet = count > limit;
  if (changes.length === 1 && !quiet) {
    const { conn, frame } = changes[0]!;
    return [{ type: 'broadcast', room, except: conn, frame }];
  }
  const effects: Effect[] = [];
  let joined: string[] = [];
  let left: PresenceLeave[] = [];
  let bytes = 0;
  let ts = 0;
  const flush = () => {
    const frame: PresenceFrame = { type: 'presence', ts, room, joined, left, count, ...(quiet ? { quiet: true } : {}) };
    effects.push({ type: 'broadcast', room, frame });
    joined = [];
    left = [];
    bytes = 0;
  };
  for (const { frame } of changes) {
    ts = Math.max(ts, frame.ts);
    if (frame.type === 'joined') {
      joined.push(frame.nick);
      bytes += frame.nick.length + 3;
    } else {
      left.push({ nick: frame.nick, reason: frame.reason, ...(frame.text === undefined ? {} : { text: frame.text }), ...(frame.by === undefined ? {} : { by: frame.by }) });
      bytes += frame.nick.length + frame.reason.length + (frame.text?.length ?? 0) + 30;
    }
    if (bytes >= PRESENCE_CHUNK_BYTES) flush();
  }
  if (bytes > 0) flush();
  return effects;
}
