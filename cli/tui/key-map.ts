import type { KeyName, UnstampedEvent } from '../../src/client/client-event.js';

/** Blessed's names for keys (`key.full`) and what they mean to the client ([TUI-KEYS]). */
const KEYS: Readonly<Record<string, KeyName>> = {
  enter: 'enter', backspace: 'backspace', 'C-h': 'backspace', delete: 'delete', 'C-d': 'delete',
  left: 'left', 'C-b': 'left', right: 'right', 'C-f': 'right', home: 'home', 'C-a': 'home', end: 'end', 'C-e': 'end',
  up: 'up', down: 'down', pageup: 'pageup', pagedown: 'pagedown', 'S-up': 'pageup', 'S-down': 'pagedown',
  tab: 'tab', escape: 'escape', 'M-left': 'word-left', 'C-left': 'word-left', 'M-b': 'word-left',
  'M-right': 'word-right', 'C-right': 'word-right', 'M-f': 'word-right', 'C-w': 'kill-word-back',
  'M-backspace': 'kill-word-back', 'C-u': 'kill-to-start', 'C-k': 'kill-to-end', 'C-c': 'interrupt',
  'C-n': 'next-room', 'C-p': 'previous-room', 'C-end': 'scroll-end',
};

/** The part of a blessed key the mapping reads. */
export interface BlessedKey {
  readonly full?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}

/**
 * Turns one blessed keypress into a client event: a named key, typed text, or nothing.
 * Text is any printable character without Ctrl or Alt; a lone high surrogate is returned as
 * `pending` so the caller can join it to the next half of the emoji.
 */
export function mapKey(ch: string | undefined, key: BlessedKey | undefined, pending = ''): { readonly event?: UnstampedEvent; readonly pending: string } {
  const named = key?.full === undefined ? undefined : KEYS[key.full];
  if (named !== undefined) return { event: { type: 'key/pressed', key: named }, pending: '' };
  if (ch === undefined || ch === '' || key?.ctrl || key?.meta) return { pending: '' };
  const text = pending + ch;
  const last = text.charCodeAt(text.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) return { pending: text };
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u001f\u007f]+$/.test(text)) return { pending: '' };
  return { event: { type: 'key/typed', text }, pending: '' };
}
