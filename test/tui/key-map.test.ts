import { describe, expect, test } from 'vitest';
import { mapKey } from '../../cli/tui/key-map.js';

describe('[TUI-KEYS] blessed keys to client events', () => {
  test('named keys, Ctrl and Alt combinations', () => {
    expect(mapKey('\r', { full: 'enter' }).event).toEqual({ type: 'key/pressed', key: 'enter' });
    expect(mapKey(undefined, { full: 'C-c', ctrl: true }).event).toEqual({ type: 'key/pressed', key: 'interrupt' });
    expect(mapKey(undefined, { full: 'pageup' }).event).toEqual({ type: 'key/pressed', key: 'pageup' });
    expect(mapKey(undefined, { full: 'M-b', meta: true }).event).toEqual({ type: 'key/pressed', key: 'word-left' });
  });

  test('printable characters are typed; unknown control keys are ignored', () => {
    expect(mapKey('a', { full: 'a' }).event).toEqual({ type: 'key/typed', text: 'a' });
    expect(mapKey(' ', { full: 'space' }).event).toEqual({ type: 'key/typed', text: ' ' });
    expect(mapKey('\x07', { full: 'C-g', ctrl: true }).event).toBeUndefined();
    expect(mapKey('x', { full: 'M-x', meta: true }).event).toBeUndefined();
  });

  test('an emoji split into two halves is typed whole', () => {
    const first = mapKey('\ud83d', { full: '\ud83d' });
    expect(first).toEqual({ pending: '\ud83d' });
    expect(mapKey('\ude00', { full: '\ude00' }, first.pending).event).toEqual({ type: 'key/typed', text: '😀' });
  });
});

describe('[TEXT-HYGIENE] text reaching blessed', () => {
  test('tags and escape sequences are made inert', async () => {
    const { escapeTags } = await import('../../cli/tui/style-tags.js');
    expect(escapeTags('{bold}x{/bold}')).toBe('{open}bold{close}x{open}/bold{close}');
    expect(escapeTags('\x1b[31mred\x07')).toBe('\uFFFD[31mred\uFFFD');
  });
});
