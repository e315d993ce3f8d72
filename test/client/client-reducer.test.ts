import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { KeyName } from '../../src/client/client-event.js';
import { LOBBY } from '../../src/protocol.js';
import { ClientHarness } from './client-harness.js';

type Action =
  | { readonly k: 'connect' } | { readonly k: 'welcome' } | { readonly k: 'drop' }
  | { readonly k: 'type'; readonly text: string }
  | { readonly k: 'answer'; readonly i: number; readonly refuse: boolean }
  | { readonly k: 'message'; readonly from: string; readonly text: string }
  | { readonly k: 'key'; readonly key: KeyName }
  | { readonly k: 'resize'; readonly cols: number; readonly rows: number };

const keys: KeyName[] = ['pageup', 'pagedown', 'up', 'down', 'tab', 'escape', 'scroll-end', 'left', 'home', 'backspace', 'next-room'];
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ k: 'connect' } as const) },
  { weight: 2, arbitrary: fc.constant({ k: 'welcome' } as const) },
  { weight: 1, arbitrary: fc.constant({ k: 'drop' } as const) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('type' as const), text: fc.constantFrom('hi', 'hello bob', 'héllo 🎉', '你好', '/me waves', '/msg bob psst', '   ', '/nosuch') }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('answer' as const), i: fc.nat(5), refuse: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('message' as const), from: fc.constantFrom('bob', 'carol'), text: fc.constantFrom('hey alice', 'x', 'long '.repeat(30)) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('key' as const), key: fc.constantFrom(...keys) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('resize' as const), cols: fc.integer({ min: 20, max: 120 }), rows: fc.integer({ min: 4, max: 50 }) }) },
);

function run(actions: readonly Action[], harness = new ClientHarness('alice', 12)): ClientHarness {
  let id = 1;
  for (const a of actions) {
    switch (a.k) {
      case 'connect': harness.connect(); break;
      case 'welcome': harness.welcome(); break;
      case 'drop': harness.drop(); break;
      case 'type': harness.type(a.text); break;
      case 'answer': harness.answer(a.i, a.refuse); break;
      case 'message': harness.frame({ type: 'message', id: id++, ts: harness.now, room: LOBBY, from: a.from, text: a.text }); break;
      case 'key': harness.feed({ type: 'key/pressed', key: a.key }); break;
      case 'resize': harness.feed({ type: 'term/resized', cols: a.cols, rows: a.rows }); break;
    }
    check(harness);
  }
  return harness;
}

/** Invariants that hold after every step. */
function check(h: ClientHarness): void {
  const { log, outbox } = h.state;
  // [TUI-SCROLLBACK] bounded and ordered
  expect(log.entries.length).toBeLessThanOrEqual(log.max);
  for (let i = 1; i < log.entries.length; i++) expect(log.entries[i]!.seq).toBeGreaterThan(log.entries[i - 1]!.seq);
  // [TUI-OUTBOX] every submitted message is in exactly one place: outstanding, acked, refused or reported lost
  for (const ref of h.submitted.keys()) {
    const places = [outbox.some((o) => o.ref === ref), h.acked.has(ref), h.refused.has(ref), h.lostAtDrop.has(ref)];
    expect(places.filter(Boolean), `ref ${ref}`).toHaveLength(1);
  }
  // reported lost messages can be resent on request
  for (const ref of h.lostAtDrop) expect(h.state.unconfirmed.some((o) => o.ref === ref)).toBe(true);
  // [TUI-RECONNECT] nothing is ever sent twice, and nothing before the server's welcome
  for (const count of h.sendsOf.values()) expect(count).toBe(1);
  expect(h.sentWhileUnregistered).toBe(0);
  // queued messages go out as soon as the client is registered again
  if (h.welcomed) expect(outbox.filter((o) => o.status === 'queued')).toEqual([]);
  expect(h.state.scroll).toBeGreaterThanOrEqual(0);
}

describe('[TUI-REDUCER] client reducer properties', () => {
  test.prop([fc.array(action, { maxLength: 80 })], { numRuns: 300 })('scrollback, outbox and reconnect invariants hold for any history', (actions) => {
    run(actions);
  });

  test.prop([fc.array(action, { maxLength: 60 })])('after a final reconnect every message typed offline is sent exactly once', (actions) => {
    const h = run(actions);
    h.drop();
    h.type('typed while offline');
    const offline = [...h.submitted.entries()].find(([, text]) => text === 'typed while offline')?.[0];
    h.connect();
    h.welcome();
    check(h);
    if (offline !== undefined) expect(h.sendsOf.get(offline)).toBe(1);
  });

  test.prop([fc.array(fc.constantFrom('x', 'a b c', 'wrapped '.repeat(20)), { maxLength: 60 }), fc.integer({ min: 1, max: 30 })])(
    'a reader scrolled up keeps the same rows in view while messages arrive',
    (texts, up) => {
      const h = run([{ k: 'connect' }, { k: 'welcome' }]);
      for (let i = 0; i < 30; i++) h.frame({ type: 'message', id: i, ts: h.now, room: LOBBY, from: 'bob', text: `line ${i} ${'pad '.repeat(i % 7)}` });
      for (let i = 0; i < up; i++) h.feed({ type: 'mouse/wheel', direction: 'up' });
      const scroll = h.state.scroll;
      texts.forEach((text, i) => h.frame({ type: 'message', id: 100 + i, ts: h.now, room: LOBBY, from: 'carol', text }));
      if (scroll === 0) expect(h.state.scroll).toBe(0);
      else expect(h.state.scroll).toBeGreaterThanOrEqual(scroll);
    },
  );

  test('a pong with an unknown ref changes nothing (same reference)', () => {
    const h = run([{ k: 'connect' }, { k: 'welcome' }]);
    const before = h.state;
    h.frame({ type: 'pong', ts: 1, ref: 'nope' });
    expect(h.state).toBe(before);
  });
});
