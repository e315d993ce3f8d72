import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { normaliseOrigin, originAllowed } from '../../src/web-origin.js';

const host = fc.stringMatching(/^[a-z0-9-]{1,12}(\.[a-z0-9-]{1,12}){0,2}(:\d{1,5})?$/);

describe('[WS-ORIGIN] originAllowed', () => {
  test.prop([host, fc.boolean()])('the page\'s own origin is allowed, in any case', (h, secure) => {
    expect(originAllowed(`${secure ? 'https' : 'http'}://${h.toUpperCase()}`, h, secure, [])).toBe(true);
  });

  test.prop([host, host, fc.boolean()])('any other host, or the other scheme, is refused by default', (h, other, secure) => {
    fc.pre(h !== other);
    expect(originAllowed(`${secure ? 'https' : 'http'}://${other}`, h, secure, [])).toBe(false);
    expect(originAllowed(`${secure ? 'http' : 'https'}://${h}`, h, secure, [])).toBe(false);
  });

  test('a list allows exactly its entries; no Origin (not a browser) is allowed; no Host refuses', () => {
    expect(originAllowed('https://chat.example.org', 'proxy:8080', false, ['https://chat.example.org'])).toBe(true);
    expect(originAllowed('http://proxy:8080', 'proxy:8080', false, ['https://chat.example.org'])).toBe(false);
    expect(originAllowed(undefined, 'x', false, [])).toBe(true);
    expect(originAllowed('http://x', undefined, false, [])).toBe(false);
  });

  test('normaliseOrigin: scheme and host lowered, default port and a trailing slash dropped, anything else refused', () => {
    expect(normaliseOrigin('HTTPS://Chat.Example.org:443/')).toBe('https://chat.example.org');
    expect(normaliseOrigin('http://10.0.0.2:8080')).toBe('http://10.0.0.2:8080');
    for (const bad of ['chat.example.org', 'https://x/path', 'ftp://x', 'https://x:1:2', '*']) expect(normaliseOrigin(bad)).toBeUndefined();
  });
});
