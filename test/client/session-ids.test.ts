import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import type { ClientEffect } from '../../src/client/client-effect.js';
import { LOBBY, PROTOCOL_VERSION, type MessageFrame } from '../../src/protocol.js';
import { ClientHarness } from './client-harness.js';

/**
 * [TUI-SESSION-IDS] Message ids count within one server state: a server restarted `--in-memory`
 * starts them again from 1. A welcome that did not resume starts a new session, whose ids the
 * client never compares with the old scrollback's ([TUI-HISTORY-REPLAY], [RESUME-SEEN]).
 */
const T0 = 1_764_000_000_000;
const message = (id: number, ts: number, text: string, history = false): MessageFrame =>
  ({ type: 'message', id, ts: T0 + ts, room: LOBBY, from: 'bob', text, ...(history ? { history: true } : {}) });
const texts = (h: ClientHarness) => h.state.log.entries.flatMap((e) => (e.kind === 'message' ? [e.text] : []));
const hellos = (effects: readonly ClientEffect[]) => effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'hello' ? [e.frame] : []));

/** A connection and its welcome: `resumed` when the server kept the session. */
function welcomed(h: ClientHarness, resume: string, resumed: boolean): ClientEffect[] {
  const effects = h.feed({ type: 'conn/connected' });
  h.frame({
    type: 'welcome', version: PROTOCOL_VERSION, nick: 'alice', room: LOBBY, members: ['alice', 'bob'],
    maxFrameBytes: 16384, maxTextLength: 4000, resume, ...(resumed ? { resumed: true } : {}),
  });
  return effects;
}
const dropped = (h: ClientHarness) => h.feed({ type: 'conn/disconnected', cause: 'test drop' });

describe('[TUI-SESSION-IDS] a welcome that did not resume starts the ids again', () => {
  test('a server restarted in memory: its replayed messages are shown though the old session showed their ids', () => {
    const h = new ClientHarness('alice', 200);
    welcomed(h, 's1', false);
    for (const id of [1, 2, 3]) h.frame(message(id, id, `before ${id}`));
    dropped(h);
    welcomed(h, 's2', false);
    // What another member said on the restarted server before alice came back: the join replays it.
    h.frame(message(1, 10, 'after 1', true));
    h.frame(message(2, 11, 'after 2', true));
    h.frame(message(3, 12, 'after 3'));
    // A replay of the new session's own message is still shown once.
    h.frame(message(2, 11, 'after 2', true));
    expect(texts(h)).toEqual(['before 1', 'before 2', 'before 3', 'after 1', 'after 2', 'after 3']);
  });

  test('[RESUME-SEEN] after a welcome that did not resume, `seen` is the newest id of the new session only', () => {
    const h = new ClientHarness('alice', 200);
    welcomed(h, 's1', false);
    h.frame(message(42, 1, 'old'));
    dropped(h);
    welcomed(h, 's2', false);
    dropped(h);
    // Nothing shown since the restart: no `seen`, so the server replays its newest few.
    expect(hellos(welcomed(h, 's3', true))).toEqual([{ type: 'hello', version: PROTOCOL_VERSION, nick: 'alice', resume: 's2' }]);
    h.frame(message(3, 5, 'new'));
    dropped(h);
    expect(hellos(welcomed(h, 's4', true))).toEqual([{ type: 'hello', version: PROTOCOL_VERSION, nick: 'alice', resume: 's3', seen: 3 }]);
  });

  test('[HISTORY-PAGE] /history more pages back from the oldest message of the new session', () => {
    const h = new ClientHarness('alice', 200);
    welcomed(h, 's1', false);
    h.frame(message(2, 1, 'old'));
    dropped(h);
    welcomed(h, 's2', false);
    h.frame(message(30, 5, 'new'));
    h.type('/history more 10');
    expect(h.effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'history' ? [e.frame] : []))).toEqual([{ type: 'history', room: LOBBY, limit: 10, before: 30 }]);
  });

  /**
   * One session: whether the server restarted in memory before it (ids from 1, its history gone),
   * its messages (each arriving live or missed), and whether a resume after a drop replays them.
   */
  const session = fc.record({ restarted: fc.boolean(), live: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), resumes: fc.boolean() });
  propTest.prop([fc.array(session, { minLength: 1, maxLength: 4 })])(
    'across fresh welcomes (restarted or not) and resumes: every message delivered shown once, in order; each `seen` from its own session',
    (sessions) => {
      const h = new ClientHarness('alice', 1_000);
      let [id, ts, n] = [0, 0, 0];
      /** What the server keeps (since its last restart), and what the client was given, by text. */
      let kept: MessageFrame[] = [];
      const shown = new Set<string>();
      for (const [k, { restarted, live, resumes }] of sessions.entries()) {
        if (k > 0) dropped(h);
        if (restarted) [id, kept] = [0, []];
        welcomed(h, `fresh-${k}`, false);
        // The join replays what the server keeps: a durable server's ids went on, its messages are known by time and text.
        const added = kept.filter((f) => !shown.has(f.text)).map((f) => f.id);
        for (const frame of kept) (h.frame({ ...frame, history: true }), shown.add(frame.text));
        const frames = live.map((isLive) => ({ frame: message(++id, ++ts, `m${++n}`), isLive }));
        kept = [...kept, ...frames.map((f) => f.frame)];
        for (const { frame } of frames.filter((f) => f.isLive)) (h.frame(frame), shown.add(frame.text), added.push(frame.id));
        if (!resumes) continue;
        dropped(h);
        expect(hellos(welcomed(h, `resumed-${k}`, true))[0]?.seen).toBe(added.length > 0 ? Math.max(...added) : undefined);
        for (const { frame } of frames) (h.frame({ ...frame, history: true }), shown.add(frame.text));
      }
      const inOrder = Array.from({ length: n }, (_, i) => `m${i + 1}`).filter((text) => shown.has(text));
      expect(texts(h)).toEqual(inOrder);
    },
  );
});
