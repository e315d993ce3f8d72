/**
 * [IRC-FORMAT] IRC's colour and formatting codes are C0 control characters (bold ^B, colour ^C,
 * hex colour ^D, reset ^O, monospace ^Q, reverse ^V, italic ^], strike ^^, underline ^_), which
 * [TEXT-HYGIENE] rightly turns into U+FFFD before anyone sees them. So that they survive the room
 * for IRC readers only, the IRC adapter carries each one as a Unicode noncharacter, U+FDD0 plus the
 * code (U+FDD0..U+FDEF: 32 code points that Unicode reserves for exactly this kind of internal use
 * and that no terminal draws as anything meaningful). The room stores and relays the carried text
 * untouched; the IRC encoder turns carriers back into codes; the native and original-protocol
 * encoders strip carriers (and a colour's digits) at their edge, so their readers get plain text.
 */

const CARRIER_BASE = 0xfdd0;

/** The nine formatting codes IRC clients send. Other C0 characters are left to [TEXT-HYGIENE]. */
// eslint-disable-next-line no-control-regex
const CODES = /[\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f]/g;
const CARRIERS = /[\ufdd2\ufdd3\ufdd4\ufddf\ufde1\ufde6\ufded\ufdee\ufdef]/g;
const ANY_CARRIER = /[\ufdd0-\ufdef]/;
/** A carrier with the arguments IRC gives colours: `^C12,4` or `^DFF0000,00FF00`. */
const STRIP = /\ufdd3(?:\d{1,2}(?:,\d{1,2})?)?|\ufdd4(?:[0-9A-Fa-f]{6}(?:,[0-9A-Fa-f]{6})?)?|[\ufdd0-\ufdef]/g;

/** IRC text as the room carries it: formatting codes become their carriers. */
export function carryFormatting(text: string): string {
  CODES.lastIndex = 0;
  return CODES.test(text) ? text.replace(CODES, (c) => String.fromCharCode(CARRIER_BASE + c.charCodeAt(0))) : text;
}

/** Carried text as an IRC reader gets it: carriers become formatting codes again. */
export function restoreFormatting(text: string): string {
  CARRIERS.lastIndex = 0;
  return CARRIERS.test(text) ? text.replace(CARRIERS, (c) => String.fromCharCode(c.charCodeAt(0) - CARRIER_BASE)) : text;
}

/**
 * Carried text for readers who do not speak IRC: every carrier, and a colour's digits, removed.
 * The same reference when there is nothing to strip, which is the common case and costs one scan.
 */
export function stripFormatting(text: string): string {
  return ANY_CARRIER.test(text) ? text.replace(STRIP, '') : text;
}
