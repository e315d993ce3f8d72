import type { Effect } from '../src/effects.js';
import { foldNick } from '../src/nickname.js';
import { presenceEffects, presenceWindowEnd, presenceWindowMs, type PresenceChange } from '../src/presence-frames.js';
import type { RoomState } from '../src/room-state.js';

type PresenceEffect = Extract<Effect, { type: 'presence' }>;

/** A room's untold changes and when its window ends. */
interface Pending {
  readonly changes: Map<string, PresenceChange>;
  readonly openedAt: number;
  readonly notBefore: number;
  due: number;
}

/**
 * [PRESENCE] The joins and leaves not yet told, per room: for each member only the last change
 * ([NICK-CASE] folded), in the order of those last changes, and when the room's window ends
 * ([PRESENCE-WINDOW]: `baseMs` after its last change, within its longest; never sooner than a
 * spacing after the room was last told). Mutable and owned by one coalescing operator; adding is
 * O(1), taking a room O(its changes).
 */
export function createPresenceBuffer(limit: number, baseMs: number) {
  const pending = new Map<string, Pending>();
  /** [PRESENCE-WINDOW-SCALE] Rooms told lately: not to be told again before then. */
  const spaced = new Map<string, number>();

  /** The effects that tell `room`'s members in `state` what changed (at `now`), and forgets them. */
  function take(state: RoomState, room: string, now: number): Effect[] {
    const entry = pending.get(room);
    if (entry === undefined) return [];
    pending.delete(room);
    const count = state.rooms.get(room)?.members.size ?? 0;
    if (Number.isFinite(now)) spaced.set(room, now + presenceWindowMs(baseMs, count));
    return presenceEffects(room, [...entry.changes.values()], count, limit);
  }

  return {
    get size(): number {
      return pending.size;
    },
    has: (room: string): boolean => pending.has(room),
    /** Adds a change made at `now` in a room of `members`; a room without untold changes opens a window. */
    add({ room, conn, frame }: PresenceEffect, now: number, members: number): void {
      let entry = pending.get(room);
      if (entry === undefined) {
        const until = spaced.get(room) ?? -Infinity;
        // A spacing that has passed is forgotten, so the map holds only rooms told lately.
        if (until <= now) spaced.delete(room);
        pending.set(room, (entry = { changes: new Map(), openedAt: now, notBefore: until, due: 0 }));
      }
      entry.due = presenceWindowEnd({ openedAt: entry.openedAt, lastAt: now, notBefore: entry.notBefore }, baseMs, members);
      const key = foldNick(frame.nick);
      // Deleting first moves a repeated change to the end: the order is that of last changes.
      entry.changes.delete(key);
      entry.changes.set(key, { conn, frame });
    },
    take,
    /**
     * Every room's effects whose window ended by `until` (all with `Infinity`), in the order the
     * rooms first changed; `now` is when they are told.
     */
    takeDue(state: RoomState, now: number, until = now): Effect[] {
      for (const [room, end] of spaced) if (end <= now) spaced.delete(room);
      const effects: Effect[] = [];
      for (const [room, entry] of [...pending]) if (entry.due <= until) effects.push(...take(state, room, now));
      return effects;
    },
    /** When the next window ends, or `undefined` when nothing waits. */
    nextDue(): number | undefined {
      let next: number | undefined;
      for (const entry of pending.values()) if (next === undefined || entry.due < next) next = entry.due;
      return next;
    },
  };
}

export type PresenceBuffer = ReturnType<typeof createPresenceBuffer>;
