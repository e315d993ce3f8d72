import type { ConnId } from './events.js';

/**
 * [NAMES-PAGE] A room's members a page at a time, oldest connection first. A cursor is the id of
 * the last member of the previous page, written in decimal; it stays valid when that member
 * leaves, since the order is by id and does not depend on who else is in the room.
 */

/**
 * The members of each member set, sorted, remembered per set: a set is immutable state, so the
 * same set always sorts the same way, and the pages of one `names` walk through an unchanged room
 * share one sort. Weak, so a set the state dropped is forgotten with it.
 */
const sortedBySet = new WeakMap<ReadonlySet<ConnId>, Float64Array>();

function sortedMembers(members: ReadonlySet<ConnId>): Float64Array {
  let sorted = sortedBySet.get(members);
  if (sorted === undefined) {
    sorted = Float64Array.from(members).sort();
    sortedBySet.set(members, sorted);
  }
  return sorted;
}

/** A cursor's connection id, or `undefined` when it is not one ([NAMES-PAGE]). */
export function parseCursor(after: string): number | undefined {
  return /^[0-9]{1,15}$/.test(after) ? Number(after) : undefined;
}

/** One page of `members` after the cursor (from the start without one), and the next cursor if more follow. */
export function selectMembersPage(
  members: ReadonlySet<ConnId>,
  after: string | undefined,
  size: number,
): { readonly ids: readonly ConnId[]; readonly next?: string } {
  const sorted = sortedMembers(members);
  const from = after === undefined ? 0 : firstAbove(sorted, parseCursor(after) ?? Infinity);
  const end = Math.min(sorted.length, from + size);
  const ids = Array.from(sorted.subarray(from, end));
  return end < sorted.length ? { ids, next: String(sorted[end - 1]) } : { ids };
}

/** The index of the first id greater than `cursor` (binary search). */
function firstAbove(sorted: Float64Array, cursor: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
