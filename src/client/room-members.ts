import { foldNick } from '../nickname.js';

/**
 * Member lists as the members pane shows them: sorted case-insensitively, each nick once
 * ([NICK-CASE]). Pure helpers returning the same array when nothing changes.
 */

function compare(a: string, b: string): number {
  const fa = foldNick(a);
  const fb = foldNick(b);
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** A sorted copy without duplicates. */
export function sortMembers(members: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  return [...members].sort(compare).filter((nick) => (seen.has(foldNick(nick)) ? false : (seen.add(foldNick(nick)), true)));
}

/** Adds a nick in order (replacing a differently cased one): a binary search, one copy. */
export function addMember(members: readonly string[], nick: string): readonly string[] {
  if (members.includes(nick)) return members;
  const rest = removeMember(members, nick);
  let lo = 0;
  let hi = rest.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(rest[mid]!, nick) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...rest.slice(0, lo), nick, ...rest.slice(lo)];
}

/** Removes a nick, compared case-insensitively. */
export function removeMember(members: readonly string[], nick: string): readonly string[] {
  const folded = foldNick(nick);
  const index = members.findIndex((m) => foldNick(m) === folded);
  return index < 0 ? members : [...members.slice(0, index), ...members.slice(index + 1)];
}

/** Whether a nick is a member, compared case-insensitively. */
export function hasMember(members: readonly string[], nick: string): boolean {
  const folded = foldNick(nick);
  return members.some((m) => foldNick(m) === folded);
}

/** [TUI-MENTION] Whether `text` names `nick` as a whole word, in any case. */
export function mentions(text: string, nick: string | undefined): boolean {
  if (nick === undefined) return false;
  const lower = text.toLowerCase();
  const target = foldNick(nick);
  const word = /[a-z0-9_-]/;
  for (let i = lower.indexOf(target); i >= 0; i = lower.indexOf(target, i + 1)) {
    const before = i === 0 ? '' : lower[i - 1]!;
    const after = lower[i + target.length] ?? '';
    if (!word.test(before) && !word.test(after)) return true;
  }
  return false;
}
