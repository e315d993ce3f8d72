import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { neutralizeControls } from '../../src/text-hygiene.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));
const printable = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !CONTROL.test(s));

describe('[TEXT-HYGIENE] neutralizeControls', () => {
  test.prop([anyString])('no C0 (but TAB), DEL or C1 survives; one U+FFFD per control; everything else kept in place', (text) => {
    const out = neutralizeControls(text);
    expect(CONTROL.test(out)).toBe(false);
    expect(out.length).toBe(text.length);
    for (let i = 0; i < text.length; i++) {
      expect(out[i]).toBe(CONTROL.test(text[i]!) ? '\uFFFD' : text[i]);
    }
  });

  test.prop([anyString])('idempotent', (text) => {
    expect(neutralizeControls(neutralizeControls(text))).toBe(neutralizeControls(text));
  });

  test.prop([printable])('text without controls comes back as the same string', (text) => {
    expect(neutralizeControls(text)).toBe(text);
  });

  test('escape sequences cannot reach a terminal; TAB can', () => {
    expect(neutralizeControls('\u001b[2Jhi\tthere\u009b31m\u0007')).toBe('\uFFFD[2Jhi\tthere\uFFFD31m\uFFFD');
  });
});
