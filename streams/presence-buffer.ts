import type { Effect } from '../src/effects.js';
import { foldNick } from '../src/nickname.js';
import { presenceEffects, type PresenceChange } from '../src/presence-frames.js';
import type { RoomState } from '../src/room-state.js';

type PresenceEffect = Extract<Effect, { type: 'presence' }>;

/** A room's untold changes and when its window ends. */
interface Pending {
  readonly changes: Map<string, PresenceChange>;
  readonly due: number;
}

/**
 * [PRESENCE] The joins and leaves not yet told, per room: for each member only the last change
 * ([NICK-CASE] folded), in the order of those last changes, and when the room's window ends.
 * Mutable and owned by one coalescing operator; adding is O(1), taking a room O(its changes).
 */
export function createPresenceBuffer(limit: number) {
  const pending = new Map<string, Pending>();

  /** The effects that tell `room`'s members in `state` what changed, and forgets them. */
  function take(state: RoomState, room: string): Effect[] {
    const entry = pending.get(room);
    if (entry === undefined) return [];
    pending.delete(room);
    const count = state.rooms.get(room)?.members.size ?? 0;
    return presenceEffects(room, [...entry.changes.values()], count, limit);
  }

  return {
    get size(): number {
      return pending.size;
    },
    has: (room: string): boolean => pending.has(room),
    /** Adds a change; a room without untold changes opens a window that ends at `due`. */
    add({ room, conn, frame }: PresenceEffect, due: number): void {
      let entry = pending.get(room);
      if (entry === undefined) pending.set(room, (entry = { changes: new Map(), due }));
      const key = foldNick(frame.nick);
      // Deleting first moves a repeated change to the end: the order is that of last changes.
      entry.changes.delete(key);
      entry.changes.set(key, { conn, frame });
    },
    take,
    /** Every room's effects whose window ended by `now` (all with `Infinity`), in the order the rooms first changed. */
    takeDue(state: RoomState, now: number): Effect[] {
      const effects: Effect[] = [];
      for (const [room, entry] of [...pending]) if (entry.due <= now) effects.push(...take(state, room));
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
