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

/** [PRESENCE-WINDOW] Default quiet time that ends a presence window (and its shortest spacing), in ms. */
export const DEFAULT_PRESENCE_WINDOW_MS = 50;

/** [PRESENCE-WINDOW-SCALE] Each member lengthens a room's spacing by this many ms, up to [PRESENCE-WINDOW-MAX]. */
export const PRESENCE_WINDOW_PER_MEMBER_MS = 0.1;
/** [PRESENCE-WINDOW-MAX] The longest the spacing grows, in ms. */
export const PRESENCE_WINDOW_MAX_MS = 1_000;
/** [PRESENCE-WINDOW-STORM] A window that keeps getting changes stays open this many spacings at most... */
export const PRESENCE_STORM_SPACINGS = 5;
/** ...and never longer than this, in ms. */
export const PRESENCE_STORM_MAX_MS = 2_000;

/**
 * [PRESENCE-WINDOW-SCALE] The spacing of a room of `members`: at least `baseMs`, and a tenth of a
 * millisecond per member (up to a second). Every window costs one frame per member, so a room is
 * told at most once per spacing: a room of 2,000 at most five times a second, whatever the rate
 * of joins, and a storm's frames stay linear in its size.
 */
export function presenceWindowMs(baseMs: number, members: number): number {
  return Math.max(baseMs, Math.min(PRESENCE_WINDOW_MAX_MS, members * PRESENCE_WINDOW_PER_MEMBER_MS));
}

/** A room's open presence window, as [PRESENCE-WINDOW] times it (ms on one clock). */
export interface PresenceWindow {
  /** Its first untold change. */
  readonly openedAt: number;
  /** Its latest untold change. */
  readonly lastAt: number;
  /** The room's previous window ended then plus its spacing (or earlier: -Infinity). */
  readonly notBefore: number;
}

/**
 * [PRESENCE-WINDOW] When a room's window ends: once the room has been quiet for `baseMs` (so the
 * last joins of a storm are told `baseMs` after it, not a whole window later), but no later than
 * [PRESENCE-WINDOW-STORM] spacings after it opened (a storm is told at least that often, in
 * frames that each carry that window's joins), and never sooner than a spacing after the room's
 * previous window ([PRESENCE-WINDOW-SCALE]: a trickle of joins cannot make a frame per member
 * each). A lone change in a quiet room is told after `baseMs`.
 */
export function presenceWindowEnd(window: PresenceWindow, baseMs: number, members: number): number {
  const spacing = presenceWindowMs(baseMs, members);
  const longest = Math.max(spacing, Math.min(PRESENCE_STORM_MAX_MS, spacing * PRESENCE_STORM_SPACINGS));
  return Math.max(window.notBefore, Math.min(window.openedAt + longest, window.lastAt + baseMs));
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
