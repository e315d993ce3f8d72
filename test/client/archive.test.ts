import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { formatEntry } from '../../src/client/format-entry.js';
import { selectMessageRows } from '../../src/client/select-messages.js';
import type { MessageFrame } from '../../src/protocol.js';
import { ClientHarness } from './client-harness.js';

/** [TUI-HISTORY-REPLAY] [TUI-SEARCH] [HISTORY-PAGE] The terminal client and reads of the archive. */

const message = (id: number, text: string, extra: Partial<MessageFrame> = {}): MessageFrame => ({ type: 'message', id, ts: 1_764_000_000_000 + id * 60_000, room: '#lobby', from: 'bob', text, ...extra });

function chatting(scrollback = 200): ClientHarness {
  const h = new ClientHarness('alice', scrollback);
  h.connect();
  h.welcome();
  return h;
}
const texts = (h: ClientHarness) => h.state.log.entries.flatMap((e) => (e.kind === 'message' || e.kind === 'found' ? [e.text] : []));
const sent = (h: ClientHarness) => h.effects.flatMap((e) => (e.type === 'send' ? [e.frame] : []));
const lastError = (h: ClientHarness) => h.state.log.entries.filter((e) => e.kind === 'system' && e.tone === 'error').at(-1);

describe('[TUI-HISTORY-REPLAY] replayed messages take their place by id', () => {
  test('an older page goes above what is shown, in order; what is shown is not shown twice; a newer replay goes at the end', () => {
    const h = chatting();
    for (const id of [10, 11, 12]) h.frame(message(id, `live ${id}`));
    for (const id of [7, 8, 9, 10]) h.frame(message(id, `old ${id}`, { history: true }));
    h.frame(message(13, 'missed while away', { history: true }));
    expect(texts(h)).toEqual(['old 7', 'old 8', 'old 9', 'live 10', 'live 11', 'live 12', 'missed while away']);
  });

  test('an own message the server acknowledged is known by its id when the history comes back', () => {
    const h = chatting();
    h.type('my words');
    h.answer(0, false);
    const id = h.state.log.entries.find((e) => e.kind === 'own')!;
    expect(id.kind === 'own' && id.id).toBe(1);
    h.frame(message(1, 'my words', { from: 'alice', history: true, ts: h.now + 1 }));
    expect(texts(h)).toEqual([]);
  });

  test('/history more asks for the page before the oldest message shown of the current room, and says where it goes', () => {
    const h = chatting();
    h.frame(message(40, 'a'));
    h.frame(message(41, 'b'));
    h.frame(message(5, 'elsewhere', { room: '#dev' }));
    h.type('/history more 100');
    expect(sent(h).at(-1)).toEqual({ type: 'history', room: '#lobby', limit: 100, before: 40 });
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'system', text: 'up to 100 earlier messages of #lobby go above the oldest shown (PageUp)' });
    h.type('/history 1001');
    expect(lastError(h)).toMatchObject({ text: 'history gives at most 1000 messages at a time; /history more pages back from the oldest shown' });
  });

  test('a reader scrolled up keeps seeing the same rows when an older page arrives above', () => {
    const h = chatting();
    for (let id = 100; id < 140; id++) h.frame(message(id, `line ${id}`));
    h.feed({ type: 'key/pressed', key: 'pageup' });
    const before = selectMessageRows(h.state, formatEntry).slice(-h.state.scroll - 5, -h.state.scroll);
    for (let id = 90; id < 100; id++) h.frame(message(id, `older ${id}`, { history: true }));
    expect(selectMessageRows(h.state, formatEntry).slice(-h.state.scroll - 5, -h.state.scroll)).toEqual(before);
  });

  propTest.prop([fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 40 })])(
    'live messages in id order plus any replay: every id once, and the room reads in id order',
    (live, replay) => {
      const h = chatting(1000);
      for (const id of [...live].sort((a, b) => a - b)) h.frame(message(id, `m${id}`));
      for (const id of replay) h.frame(message(id, `m${id}`, { history: true }));
      const ids = h.state.log.entries.flatMap((e) => (e.kind === 'message' ? [e.id!] : []));
      const expected = [...new Set([...live, ...replay])];
      expect([...ids].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      // Replays newer than everything shown append in arrival order; all else is in order.
      const liveMax = Math.max(0, ...live);
      const placed = ids.filter((id) => id <= liveMax || live.includes(id));
      expect(placed).toEqual([...placed].sort((a, b) => a - b));
    },
  );
});

describe('[TUI-SEARCH] search results', () => {
  const results = (more: boolean) => ({
    type: 'search' as const, room: '#lobby', words: 'deploy', more,
    results: [message(30, 'deploy done'), message(12, 'will deploy friday', { kind: 'action' })],
  });

  test('a head, one entry a result with the words marked and the day shown, and how to get more', () => {
    const h = chatting();
    h.type('/search deploy');
    expect(sent(h).at(-1)).toEqual({ type: 'search', room: '#lobby', words: 'deploy' });
    h.frame(results(true));
    const entries = h.state.log.entries.slice(-4);
    expect(entries.map((e) => e.kind)).toEqual(['system', 'found', 'found', 'system']);
    expect(entries[0]).toMatchObject({ text: 'search "deploy" in #lobby: 2 results, newest first' });
    expect(entries[3]).toMatchObject({ text: 'older results: /more' });
    const rows = formatEntry(entries[1]!, 80);
    expect(rows[0]!.map((s) => s.text).join('')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d <bob> deploy done$/);
    expect(rows[0]!.find((s) => s.style === 'mention')).toEqual({ text: 'deploy', style: 'mention' });
    expect(formatEntry(entries[2]!, 80)[0]!.map((s) => s.text).join('')).toMatch(/\* bob will deploy friday$/);
  });

  test('/more asks for the page below the last result, in the room searched; at the end it says so', () => {
    const h = chatting();
    h.type('/more');
    expect(lastError(h)).toMatchObject({ text: '/more goes on with a search: /search words first' });
    h.frame(results(true));
    h.type('/more');
    expect(sent(h).at(-1)).toEqual({ type: 'search', room: '#lobby', words: 'deploy', before: 12 });
    h.frame(results(false));
    expect(h.state.log.entries.at(-1)).toMatchObject({ text: 'no older results for "deploy"' });
    h.type('/more');
    expect(lastError(h)).toMatchObject({ text: 'no more results for "deploy" in #lobby' });
  });

  test('no results says so', () => {
    const h = chatting();
    h.frame({ type: 'search', room: '#lobby', words: 'zebra', results: [], more: false });
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'system', text: 'no messages in #lobby have "zebra"' });
  });
});

describe('[STORAGE-FAILED] in the terminal client', () => {
  test('a message the server could not store is marked ✗, said in words, and /resend sends it again', () => {
    const h = chatting();
    h.type('keep me');
    const ref = h.state.outbox[0]!.ref;
    h.frame({ type: 'error', code: 'STORAGE_FAILED', message: 'the server could not store your message', fatal: false, ref });
    expect(h.state.log.entries.find((e) => e.kind === 'own')).toMatchObject({ delivery: 'unconfirmed' });
    expect(lastError(h)).toMatchObject({ text: 'not delivered, the server could not store it: "keep me" (/resend sends it again)' });
    expect(h.state.outbox).toEqual([]);
    h.type('/resend');
    expect(sent(h).at(-1)).toMatchObject({ type: 'say', text: 'keep me', room: '#lobby' });
  });
});
