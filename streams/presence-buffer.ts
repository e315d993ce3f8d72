import type { Effect } from '../src/effects.js';
import { foldNick } from '../src/nickname.js';
import { presenceEffects, type PresenceChange } from '../src/presence-frames.js';
import type { RoomState } from '../src/room-state.js';

type PresenceEffect = Extract<Effect, { type: 'presence' }>;

/**
 * [PRESENCE] The joins and leaves not yet told, per room: for each member only the last change
 * ([NICK-CASE] folded), in the order of those last changes. Mutable and owned by one coalescing
 * operator; adding is O(1), taking a room is O(its changes).
 */
export function createPresenceBuffer(limit: number) {
  const pending = new Map<string, Map<string, PresenceChange>>();

  /** The effects that tell `room`'s members in `state` what changed, and forgets them. */
  function take(state: RoomState, room: string): Effect[] {
    const changes = pending.get(room);
    if (changes === undefined) return [];
    pending.delete(room);
    const count = state.rooms.get(room)?.members.size ?? 0;
    return presenceEffects(room, [...changes.values()], count, limit);
  }

  return {
    get size(): number {
      return pending.size;
    },
    has: (room: string): boolean => pending.has(room),
    add({ room, conn, frame }: PresenceEffect): void {
      let changes = pending.get(room);
      if (changes === undefined) pending.set(room, (changes = new Map()));
      const key = foldNick(frame.nick);
      // Deleting first moves a repeated change to the end: the order is that of last changes.
      changes.delete(key);
      changes.set(key, { conn, frame });
    },
    take,
    /** Every room's effects, in the order the rooms first changed. */
    takeAll(state: RoomState): Effect[] {
      const effects: Effect[] = [];
      for (const room of [...pending.keys()]) effects.push(...take(state, room));
      return effects;
    },
  };
}

export type PresenceBuffer = ReturnType<typeof createPresenceBuffer>;
