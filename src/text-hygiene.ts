/**
 * [TEXT-HYGIENE] Text that reaches other people's terminals carries no control characters:
 * C0 (except TAB), DEL and C1 are replaced by U+FFFD, so no peer can move a cursor, set a
 * title or clear a screen with ESC sequences. Line breaks cannot occur: framing removed them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** Returns `text` with every control character replaced by U+FFFD (the same reference if none). */
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
