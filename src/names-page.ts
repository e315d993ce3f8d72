import type { ConnId } from './events.js';
import type { PersistentSet } from './persistent-set.js';

/**
 * [NAMES-PAGE] A room's members a page at a time, in the member set's own order (fixed by each
 * member's id, whoever else comes and goes). A cursor is the id of the last member of the
 * previous page, in decimal; it stays valid when that member leaves. A page costs O(log n + its
 * size), never a walk over the whole room.
 */

/** A cursor's connection id, or `undefined` when it is not one ([NAMES-PAGE]). */
export function parseCursor(after: string): number | undefined {
  return /^[0-9]{1,15}$/.test(after) ? Number(after) : undefined;
}

/** One page of `members` after the cursor (from the start without one), and the next cursor if more follow. */
export function selectMembersPage(
  members: PersistentSet<ConnId>,
  after: string | undefined,
  size: number,
): { readonly ids: readonly ConnId[]; readonly next?: string } {
  const ids = members.valuesAfter(after === undefined ? undefined : parseCursor(after), size + 1);
  if (ids.length <= size) return { ids };
  ids.length = size;
  return { ids, next: String(ids[size - 1]) };
}
