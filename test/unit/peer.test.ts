import { describe, expect, test } from 'vitest';
import { describeAddress, newToken } from '../../streams/peer.js';

describe('[RESUME] newToken', () => {
  test('16 random bytes in base64url, never the same twice across many refills of its pool', () => {
    const tokens = Array.from({ length: 2_000 }, () => newToken());
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(16);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // A wiped (all-zero) slice of the pool would show as this token.
    expect(tokens).not.toContain(Buffer.alloc(16).toString('base64url'));
  });
});

describe('describeAddress', () => {
  test('IPv4 as host:port, IPv6 in brackets', () => {
    expect(describeAddress({ remoteAddress: '127.0.0.1', remotePort: 5 })).toBe('127.0.0.1:5');
    expect(describeAddress({ remoteAddress: '::1', remotePort: 6 })).toBe('[::1]:6');
  });
});
