import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  DEFAULT_SERVER_PORT, formatServer, formatServerList, parseServerList, SERVER_LIST_MAX, SERVER_LIST_MAX_CHARS, type ServerAddress,
} from '../../src/server-list.js';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const hostName = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const host = fc.oneof(hostName, fc.ipV4(), fc.ipV6());
const port = fc.integer({ min: 1, max: 65535 });
const server: fc.Arbitrary<ServerAddress> = fc.record({ host, port });
const key = (s: ServerAddress) => formatServer(s).toLowerCase();
const list = fc.uniqueArray(server, { minLength: 1, maxLength: SERVER_LIST_MAX, selector: key });

/** A list and a position in it. */
const listAndIndex = list.chain((servers) => fc.tuple(fc.constant(servers), fc.nat({ max: servers.length - 1 })));

/** The list's entries written out, with entry `i` replaced by `bad`. */
function withEntry(servers: readonly ServerAddress[], i: number, bad: string): string {
  return servers.map((s, j) => (j === i ? bad : formatServer(s))).join(',');
}

function expectError(text: string, entry: number | undefined, words: RegExp): void {
  const parsed = parseServerList(text);
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  expect(parsed.error.entry).toBe(entry);
  expect(parsed.error.message).toMatch(words);
}

describe('[SERVER-LIST] parseServerList', () => {
  test.prop([list])('round trip: a written list reads back as the same servers, in the same order', (servers) => {
    expect(parseServerList(formatServerList(servers))).toEqual({ ok: true, value: servers });
  });

  test.prop([list, fc.array(fc.constantFrom(' ', '\t'), { maxLength: 2 }).map((a) => a.join(''))])(
    'entries without a port get 12345, and blanks around an entry do not matter',
    (servers, blank) => {
      const text = servers.map((s) => `${blank}${s.host.includes(':') ? `[${s.host}]` : s.host}${blank}`).join(',');
      const unique = new Set(servers.map((s) => s.host.toLowerCase())).size === servers.length;
      fc.pre(unique);
      expect(parseServerList(text)).toEqual({ ok: true, value: servers.map((s) => ({ host: s.host, port: DEFAULT_SERVER_PORT })) });
    },
  );

  test.prop([fc.string({ maxLength: 300 })])('any text: a result, never an exception; what it accepts it writes back to the same servers', (text) => {
    const parsed = parseServerList(text);
    if (parsed.ok) {
      expect(parsed.value.length).toBeGreaterThanOrEqual(1);
      expect(parsed.value.length).toBeLessThanOrEqual(SERVER_LIST_MAX);
      expect(parseServerList(formatServerList(parsed.value))).toEqual(parsed);
    } else expect(parsed.error.message.length).toBeGreaterThan(0);
  });

  test.prop([fc.uniqueArray(server, { minLength: SERVER_LIST_MAX + 1, maxLength: SERVER_LIST_MAX + 8, selector: key })])(
    `more than ${SERVER_LIST_MAX} servers are refused`,
    (servers) => expectError(formatServerList(servers), undefined, new RegExp(`at most ${SERVER_LIST_MAX} servers, got ${servers.length}`)),
  );

  test.prop([listAndIndex, fc.oneof(fc.constant(0), fc.integer({ min: 65536, max: 10_000_000 }), fc.constantFrom('', 'http', '-1', '12a', '+80', '1e3'))])(
    'a port that is not 1 to 65535: that entry is named',
    ([servers, i], bad) => expectError(withEntry(servers, i, `127.0.0.1:${bad}`), i + 1, new RegExp(`^server ${i + 1} .*the port must be a number from 1 to 65535`)),
  );

  test.prop([listAndIndex])('an empty entry (two commas, or one at an end): that entry is named', ([servers, i]) => {
    expectError(withEntry(servers, i, ''), i + 1, /empty entry/);
  });

  test.prop([listAndIndex, fc.ipV6().filter((a) => a.split(':').length > 2)])('an IPv6 address without brackets: told to bracket it', ([servers, i], address) => {
    expectError(withEntry(servers, i, address), i + 1, /goes in brackets: \[::1\]:12345/);
  });

  test.prop([listAndIndex, fc.constantFrom('a b', 'host_name', 'ex!ample', '-lead', 'trail-', 'a..b', 'é.org', 'a/b', '[::1', '[zz::]:1', '[::1]x', '[]:5', ':80')])(
    'a host that is not a name, IPv4 or bracketed IPv6: that entry is named',
    ([servers, i], bad) => {
      const parsed = parseServerList(withEntry(servers, i, bad));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.entry).toBe(i + 1);
    },
  );

  test.prop([listAndIndex])('a server twice (any case of its name): the second is named', ([servers, i]) => {
    const again = servers[i]!;
    expectError(`${formatServerList(servers)},${formatServer({ ...again, host: again.host.toUpperCase() })}`, servers.length + 1, /is already in the list/);
  });

  test('examples: IPv6 in brackets, default port, a name with a trailing dot; an over-long text', () => {
    expect(parseServerList('[::1]:12346,[::1],chat.example.org.,10.0.0.1:1')).toEqual({
      ok: true,
      value: [{ host: '::1', port: 12346 }, { host: '::1', port: 12345 }, { host: 'chat.example.org.', port: 12345 }, { host: '10.0.0.1', port: 1 }],
    });
    expectError('a'.repeat(SERVER_LIST_MAX_CHARS + 1), undefined, /longer than/);
    expectError(`${'a'.repeat(64)}.org`, 1, /may hold only letters, digits and inner hyphens/);
    expectError(`${'a.'.repeat(127)}ab`, 1, /longer than 253/);
  });
});
