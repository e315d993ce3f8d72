import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { MessageFrame, SearchResultsFrame, ServerFrame } from '../../src/protocol.js';
import { closeAllClients, NativeClient } from '../helpers/native-client.js';
import { joined, killAll, startServer, type ServerProcess } from '../helpers/processes.js';

/**
 * [ARCHIVE] [HISTORY-PAGE] [SEARCH] The native `history` (with `before`) and `search` frames as
 * docs/protocol.md writes them, against the real program: pages, their order, `more`, refusals.
 */
const WAIT = 10_000;
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(['--flood-rate', '0']);
});
afterAll(async () => {
  await killAll();
});
afterEach(async () => {
  await closeAllClients();
});

/** Everything `client` gets from now until the `pong` of a ping sent after `frame`. */
async function ask(client: NativeClient, frame: Parameters<NativeClient['send']>[0], ref: string): Promise<ServerFrame[]> {
  const from = client.frames.items.length;
  client.send(frame);
  client.send({ type: 'ping', ref });
  await client.waitFor((f) => f.type === 'pong' && f.ref === ref, WAIT, `the pong ${ref}`);
  return client.frames.items.slice(from).filter((f) => f.type !== 'pong');
}

describe('[ARCHIVE] history pages and search through the real server', () => {
  test('history before an id, oldest first; search newest first, 20 a page, `more` until the last', async () => {
    const alice = await NativeClient.join(server.port, 'alice');
    alice.send({ type: 'join', room: '#arch' });
    await alice.waitFor((f) => f.type === 'room' && f.room === '#arch', WAIT, 'the room');
    const ids: number[] = [];
    for (let i = 1; i <= 30; i++) {
      alice.send({ type: 'say', room: '#arch', text: `${i % 3 === 0 ? 'release' : 'chat'} number ${i}`, ref: `r${i}` });
      const ack = await alice.waitFor((f) => f.type === 'ack' && f.ref === `r${i}`, WAIT, `ack r${i}`);
      ids.push((ack as { id: number }).id);
    }
    const page = (await ask(alice, { type: 'history', room: '#arch', limit: 10, before: ids[20]! }, 'h1')) as MessageFrame[];
    expect(page.map((m) => [m.id, m.text, m.history])).toEqual(ids.slice(10, 20).map((id, i) => [id, `${(i + 11) % 3 === 0 ? 'release' : 'chat'} number ${i + 11}`, true]));
    expect(await ask(alice, { type: 'history', room: '#arch', limit: 5, before: ids[0]! }, 'h2')).toEqual([{ type: 'info', text: 'no earlier history in #arch' }]);

    for (let i = 31; i <= 66; i++) alice.send({ type: 'say', room: '#arch', text: `release note ${i}`, ref: `r${i}` });
    await alice.waitFor((f) => f.type === 'ack' && f.ref === 'r66', WAIT, 'ack r66');
    const [first] = (await ask(alice, { type: 'search', room: '#arch', words: 'release' }, 's1')) as SearchResultsFrame[];
    expect(first!.results).toHaveLength(20);
    expect(first!.more).toBe(true);
    expect(first!.results.map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `release note ${66 - i}`));
    const [second] = (await ask(alice, { type: 'search', room: '#arch', words: 'release', before: first!.results.at(-1)!.id }, 's2')) as SearchResultsFrame[];
    const [third] = (await ask(alice, { type: 'search', room: '#arch', words: 'release', before: second!.results.at(-1)!.id }, 's3')) as SearchResultsFrame[];
    expect([second!.more, third!.more]).toEqual([true, false]);
    const all = [...first!.results, ...second!.results, ...third!.results].map((m) => m.id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(all).toHaveLength(36 + 10);
  });

  test('refusals: [HISTORY-MAX], [SEARCH-WORDS] length, blank words, a room you are not in', async () => {
    const bob = await NativeClient.join(server.port, 'bob');
    const refused = async (frame: Parameters<NativeClient['send']>[0], ref: string) => (await ask(bob, frame, ref)).map((f) => (f as { code?: string }).code);
    expect(await refused({ type: 'history', room: '#lobby', limit: 1001 }, 'x1')).toEqual(['BAD_FRAME']);
    expect(await refused({ type: 'search', room: '#lobby', words: 'x'.repeat(201) }, 'x2')).toEqual(['TEXT_TOO_LONG']);
    expect(await refused({ type: 'search', room: '#lobby', words: '   ' }, 'x3')).toEqual(['TEXT_EMPTY']);
    expect(await refused({ type: 'search', room: '#elsewhere', words: 'hi' }, 'x4')).toEqual(['NOT_IN_ROOM']);
    expect(await refused({ type: 'history', room: '#elsewhere', before: 5 }, 'x5')).toEqual(['NOT_IN_ROOM']);
  });

  test('[PLAIN-SEARCH] [HISTORY-PAGE] plain mode: /search, /more and /history more as docs/commands.md writes them', async () => {
    const carl = await joined(server.port, 'carl');
    carl.line('/join #plainarch');
    await carl.stdout.waitFor((l) => l === '* in #plainarch: carl', WAIT, 'the room');
    for (let i = 1; i <= 23; i++) carl.line(`ship it ${i}`);
    carl.line('/search ship');
    await carl.stdout.waitFor((l) => l === '* search "ship" in #plainarch: 20 results, more', WAIT, 'the first page');
    carl.line('/more');
    await carl.stdout.waitFor((l) => l === '* search "ship" in #plainarch: 3 results', WAIT, 'the second page');
    await carl.stdout.waitFor((l) => l.endsWith(' carl: ship it 1'), WAIT, 'the last result');
    const found = carl.stdout.items.filter((l) => l.startsWith('[search] '));
    expect(found).toHaveLength(23);
    expect(found[0]).toMatch(/^\[search\] \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ #plainarch \d+ carl: ship it 23$/);
    expect(found.map((l) => Number(/ship it (\d+)$/.exec(l)![1]))).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
    carl.line('/more');
    await carl.stderr.waitFor((l) => l === 'error: no more results for "ship" in #plainarch', WAIT, 'the end of the search');
    // Nothing of #plainarch printed yet but search results: /history more is the newest page.
    carl.line('/history more 5');
    await carl.stdout.waitFor((l) => l === '[history] carl: ship it 23', WAIT, 'the newest page');
    expect(carl.stdout.items.filter((l) => l.startsWith('[history] '))).toEqual([19, 20, 21, 22, 23].map((n) => `[history] carl: ship it ${n}`));
    carl.line('/history more 3');
    await carl.stdout.waitFor((l) => l === '[history] carl: ship it 18', WAIT, 'the page before');
    expect(carl.stdout.items.filter((l) => l.startsWith('[history] ')).slice(5)).toEqual([16, 17, 18].map((n) => `[history] carl: ship it ${n}`));
  });
});
