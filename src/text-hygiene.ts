/**
 * [TEXT-HYGIENE] Text that reaches other people's terminals carries no control characters:
 * C0 (except TAB), DEL and C1 are replaced by U+FFFD, so no peer can move a cursor, set a
 * title or clear a screen with ESC sequences. Line breaks cannot occur: framing removed them.
 * Unpaired UTF-16 surrogates (not text at all) become U+FFFD too, so a relayed text is valid
 * UTF-8 and its JSON stays within [FRAME-MAX] (an escaped lone surrogate takes 6 bytes).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Returns `text` with every control character and lone surrogate replaced by U+FFFD (the same reference if none). */
export function neutralizeControls(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, '\uFFFD') : text;
}

/** [REASON-MAX] Quit, part and kick reasons are cut to this many characters. */
export const REASON_MAX = 200;

/** A reason others will read: controls neutralised ([TEXT-HYGIENE]), cut to [REASON-MAX], trimmed. */
export function cleanReason(reason: string): string {
  return neutralizeControls(reason.trim().slice(0, REASON_MAX));
}
