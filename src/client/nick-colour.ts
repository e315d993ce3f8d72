/**
 * [TUI-COLOUR] Each nickname gets a stable colour: the same nick has the same colour in every
 * session and for every user (a hash of its case-folded form), chosen from colours readable on
 * both dark and light terminals.
 */
export const NICK_COLOURS = ['red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'light-red', 'light-green', 'light-blue', 'light-magenta', 'light-cyan'] as const;

/** One of the nick colours. */
export type NickColour = (typeof NICK_COLOURS)[number];

/** The colour of a nickname (FNV-1a of its lower-case form). */
export function nickColour(nick: string): NickColour {
  let hash = 0x811c9dc5;
  for (const ch of nick.toLowerCase()) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return NICK_COLOURS[hash % NICK_COLOURS.length]!;
}
