import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import type { ClientEffect } from '../../src/client/client-effect.js';
import type { Entry } from '../../src/client/client-entry.js';
import type { ClientEvent, UnstampedEvent } from '../../src/client/client-event.js';
import { reduceClient } from '../../src/client/client-reducer.js';
import { initialClientState, type ClientState } from '../../src/client/client-state.js';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { appendsTo, drawOrder } from '../../web/draw-order.js';
import { contextRequest, createResumeContext } from '../../web/resume-context.js';
import { seenAfter, withSeen } from '../../web/resume-seen.js';
import { inView } from '../../web/view.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** [WEB-SEEN] [WEB-CONTEXT] [WEB-LOG] The page's resume: the hello it builds, and what it draws after. */
const frame = (f: object) => ({ type: 'conn/frame-received', frame: f as ServerFrame }) as const;
const welcome = (resumed: boolean) => frame({ type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: [], maxFrameBytes: 16384, maxTextLength: 4000, resume: 'secret', ...(resumed ? { resumed } : {}) });
const room = frame({ type: 'room', room: '#lobby', topic: null, topicLocked: false, members: ['alice', 'bob'], count: 2 });
const said = (id: number, history = false) => frame({ type: 'message', id, ts: 1_000 + id, room: '#lobby', from: 'bob', text: `m${id}`, ...(history ? { history } : {}) });

function fold(state: ClientState, events: readonly UnstampedEvent[], sent: ClientEffect[] = []): ClientState {
  return events.reduce((s, e, i) => {
    const step = reduceClient(deepFreeze(s), { ...e, at: 5_000 + i } as ClientEvent);
    sent.push(...step.effects);
    return step.state;
  }, state);
}
const fresh = (resume?: string) => ({ ...initialClientState({ server: 'x', bell: false, maxScrollback: 500 }, 'alice'), ...(resume ? { resume } : {}) });
/** The texts of the messages the lobby draws, in the pane's order. */
const drawn = (state: ClientState) => drawOrder(state.log.entries.filter((e) => inView(e, { kind: 'room', room: '#lobby' })))
  .flatMap((e) => (e.kind === 'message' ? [e.text] : []));
const helloOf = (effects: readonly ClientEffect[]) => effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'hello' ? [e.frame] : []));

describe('[WEB-SEEN] the hello the page builds', () => {
  test('after a reload the scrollback is empty, so the reducer alone sends no `seen`: the page adds the one it kept', () => {
    const sent: ClientEffect[] = [];
    fold(fresh('secret'), [{ type: 'conn/connected' }], sent);
    const [hello] = helloOf(sent);
    expect(hello).toMatchObject({ type: 'hello', nick: 'alice', resume: 'secret' });
    expect(hello).not.toHaveProperty('seen');
    expect(withSeen(hello!, 42)).toEqual({ ...hello, seen: 42 });
  });

  test('the page\'s `seen` replaces the reducer\'s; 0 (a new session) sends none; no resume, no seen; other frames unchanged', () => {
    const hello: ClientFrame = { type: 'hello', version: 1, nick: 'alice', resume: 's', seen: 9 };
    expect(withSeen(hello, 12)).toEqual({ ...hello, seen: 12 });
    expect(withSeen(hello, 0)).toEqual({ type: 'hello', version: 1, nick: 'alice', resume: 's' });
    const first: ClientFrame = { type: 'hello', version: 1, nick: 'alice' };
    expect(withSeen(first, 12)).toBe(first);
    const say: ClientFrame = { type: 'say', text: 'hi', ref: 'm1' };
    expect(withSeen(say, 12)).toBe(say);
  });

  const arrival = fc.oneof(
    fc.integer({ min: 1, max: 1_000 }).map((id) => ({ type: 'message', id, ts: id, room: '#a', from: 'bob', text: 't' }) as ServerFrame),
    fc.integer({ min: 1, max: 1_000 }).map((id) => ({ type: 'ack', id, ts: id }) as ServerFrame),
    fc.boolean().map((resumed) => welcome(resumed).frame),
    fc.constant({ type: 'info', text: 'hi' } as ServerFrame),
  );
  propTest.prop([fc.nat({ max: 1_000 }), fc.array(arrival, { maxLength: 40 })])(
    'seen is the newest message or ack id since the last welcome that did not resume (the kept one before it)',
    (kept, frames) => {
      const lastFresh = frames.findLastIndex((f) => f.type === 'welcome' && f.resumed !== true);
      const ids = frames.slice(lastFresh + 1).flatMap((f) => (f.type === 'message' || f.type === 'ack' ? [f.id] : []));
      expect(frames.reduce(seenAfter, kept)).toBe(Math.max(lastFresh < 0 ? kept : 0, ...ids));
    },
  );
});

describe('[WEB-CONTEXT] what the page asks for after a reload', () => {
  test('the messages up to `seen`, once: nothing when it shows one of them, nor without a `seen`', () => {
    expect(contextRequest([], '#lobby', 30)).toEqual({ type: 'history', room: '#lobby', before: 31, limit: 50 });
    const state = fold(fresh(), [welcome(false), room, said(31, true), said(29, true)]);
    expect(contextRequest(state.log.entries.filter((e) => !(e.kind === 'message' && e.id === 29)), '#lobby', 30)).toEqual({ type: 'history', room: '#lobby', before: 31, limit: 50 });
    expect(contextRequest(state.log.entries, '#lobby', 30)).toBeUndefined();
    expect(contextRequest(state.log.entries, '#dev', 30)).toEqual({ type: 'history', room: '#dev', before: 31, limit: 50 });
    expect(contextRequest([], '#lobby', 0)).toBeUndefined();
  });

  test('each room is asked once; its "no earlier history" is the page\'s own answer, the reader\'s own one is shown', () => {
    const sent: ClientFrame[] = [];
    const context = createResumeContext(30, (f) => sent.push(f));
    context.ask([], '#dev');
    context.ask([], '#dev');
    context.ask([], '#lobby');
    expect(sent.map((f) => f.type === 'history' && f.room)).toEqual(['#dev', '#lobby']);
    expect(context.onFrame({ type: 'info', text: 'no earlier history in #dev' })).toBe(true);
    expect(context.onFrame({ type: 'info', text: 'no earlier history in #dev' })).toBe(false);
    // #lobby's answer came: a later "no earlier history" there answers the reader.
    expect(context.onFrame(said(12, true).frame)).toBe(false);
    expect(context.onFrame({ type: 'info', text: 'no earlier history in #lobby' })).toBe(false);
  });

  test('nothing is asked without a kept `seen`, nor once a welcome did not resume (a new session)', () => {
    const sent: ClientFrame[] = [];
    createResumeContext(0, (f) => sent.push(f)).ask([], '#lobby');
    const context = createResumeContext(30, (f) => sent.push(f));
    expect(context.onFrame(welcome(true).frame)).toBe(false);
    context.ask([], '#a');
    context.onFrame(welcome(false).frame);
    context.ask([], '#b');
    expect(sent.map((f) => f.type === 'history' && f.room)).toEqual(['#a']);
  });
});

describe('[WEB-LOG] replays drawn once, in order', () => {
  test('a drop: what the resume replays (overlapping what is shown) comes after the live messages, each once', () => {
    let state = fold(fresh(), [welcome(false), room, said(1, true), said(2), said(3), said(4)]);
    state = fold(state, [{ type: 'conn/disconnected', cause: 'reset' }, { type: 'conn/connected' }, welcome(true), room]);
    state = fold(state, [3, 4, 5, 6, 7].map((id) => said(id, true)));
    expect(drawn(state)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  test('a reload: the replay after `seen`, then the context before it, drawn oldest first; older pages go on top', () => {
    let state = fold(fresh('secret'), [{ type: 'conn/connected' }, welcome(true), room, said(5, true), said(6, true)]);
    state = fold(state, [said(2, true), said(3, true), said(4, true), said(7), said(1, true)]);
    expect(drawn(state)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  test('[TUI-SESSION-IDS] a server restarted in memory (ids from 1 again): its replays come after what the old session drew', () => {
    let state = fold(fresh(), [welcome(false), room, said(1, true), said(2), said(3), said(4)]);
    const again = (id: number, history = false) => frame({ type: 'message', id, ts: 9_000 + id, room: '#lobby', from: 'bob', text: `n${id}`, ...(history ? { history } : {}) });
    state = fold(state, [{ type: 'conn/disconnected', cause: 'restart' }, { type: 'conn/connected' }, welcome(false), room, again(1, true), again(2, true), again(3)]);
    expect(drawn(state)).toEqual(['m1', 'm2', 'm3', 'm4', 'n1', 'n2', 'n3']);
  });

  const step = (id: number): Entry => ({ kind: 'message', seq: id, session: 0, ts: id, room: '#a', from: 'b', text: `m${id}`, mention: false, action: false, history: false, id });
  test('the pane appends only when what it shows is the start of the new order, entry for entry', () => {
    const [a, b, c] = [step(1), step(2), step(3)];
    expect(appendsTo([a, b], [a, b, c])).toBe(true);
    expect(appendsTo([], [a])).toBe(true);
    expect(appendsTo([b], [a, b])).toBe(false);
    expect(appendsTo([a, b], [a, { ...b }])).toBe(false);
    expect(appendsTo([a, b], [a])).toBe(false);
  });
});
