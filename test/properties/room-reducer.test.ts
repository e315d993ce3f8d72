import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { foldNick } from '../../src/nickname.js';
import { LOBBY, PROTOCOL_VERSION, type ClientFrame, type ErrorCode } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import { closedBy, deliveries, framesTo, membersOf, registered } from '../helpers/room-harness.js';

const MAX_TEXT = 20;
/** Events 10 s apart: flood control (a later feature, [FLOOD]) never refuses, so issue-2 behaviour is what is under test. */
const TICK = 10_000;
const reduce = createRoomReducer({ ...defaultRoomOptions, maxFrameBytes: 1024, maxTextLength: MAX_TEXT });

/** A command of the generated history; `c` names a connection id that may be live, gone or never seen. */
type Cmd =
  | { readonly k: 'open' }
  | { readonly k: 'frame'; readonly c: ConnId; readonly frame: ClientFrame }
  | { readonly k: 'protocol-error'; readonly c: ConnId; readonly code: ErrorCode; readonly fatal: boolean }
  | { readonly k: 'closed'; readonly c: ConnId }
  | { readonly k: 'slow'; readonly c: ConnId };

/** Few ids and few nicknames, so collisions (case-only ones too), stale ids and reuse are common. */
const conn = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }) });
const nick = fc.constantFrom('bob', 'Bob', 'BOB', 'alice', 'ALICE', 'carol', 'dave_1', 'ab', 'waytoolongnick', 'bad nick');
const text = fc.constantFrom('hello', 'héllo 🎉', 'x', 'hi', 'yo', '', '   ', '\u001b[2Jclear', 'y'.repeat(MAX_TEXT + 1));
const frame: fc.Arbitrary<ClientFrame> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('hello' as const), version: fc.constantFrom(PROTOCOL_VERSION, PROTOCOL_VERSION, PROTOCOL_VERSION, 2), nick }) },
  { weight: 10, arbitrary: fc.record({ type: fc.constant('say' as const), text }, { requiredKeys: ['type', 'text'] }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ping' as const), ref: fc.constantFrom('r1', 'r2') }, { requiredKeys: ['type'] }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('quit' as const) }) },
);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ k: 'open' as const }) },
  { weight: 10, arbitrary: fc.record({ k: fc.constant('frame' as const), c: conn, frame }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('protocol-error' as const), c: conn, code: fc.constantFrom<ErrorCode>('BAD_JSON', 'BAD_UTF8', 'FRAME_TOO_LARGE'), fatal: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('closed' as const), c: conn }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('slow' as const), c: conn }) },
);
/** A few connections open and say hello first (so that most histories have members to talk), then anything. */
const history: fc.Arbitrary<Cmd[]> = fc
  .tuple(fc.array(nick, { maxLength: 5 }), fc.array(cmd, { maxLength: 60, size: 'max' }))
  .map(([nicks, rest]) => [
    ...nicks.map((): Cmd => ({ k: 'open' })),
    ...nicks.map((n, i): Cmd => ({ k: 'frame', c: i + 1, frame: { type: 'hello', version: PROTOCOL_VERSION, nick: n } })),
    ...rest,
  ]);

/** Everything observed while folding a history, kept by the test itself, never read from the state. */
interface Run {
  state: RoomState;
  at: number;
  nextConn: ConnId;
  /** Live connections the test opened and has not seen closed. */
  live: Set<ConnId>;
  /** Live connections the reducer welcomed, with their nicknames. */
  welcomed: Map<ConnId, string>;
  /** Message ids each connection received, in order; and what it should have received. */
  inbox: Map<ConnId, number[]>;
  expected: Map<ConnId, number[]>;
  lastMessageId: number;
}

function toEvent(run: Run, c: Cmd): RoomEvent {
  const at = (run.at += TICK);
  switch (c.k) {
    case 'open':
      return { type: 'conn/opened', conn: run.nextConn++, address: '127.0.0.1:5000', at };
    case 'frame':
      return { type: 'conn/frame-received', conn: c.c, frame: c.frame, at };
    case 'protocol-error':
      return { type: 'conn/protocol-error', conn: c.c, code: c.code, message: 'bad', fatal: c.fatal, at };
    case 'closed':
      return { type: 'conn/closed', conn: c.c, cause: 'closed by peer', at };
    case 'slow':
      return { type: 'conn/slow-consumer', conn: c.c, queuedBytes: 9999, at };
  }
}

/** Folds one command, checking every issue-2 invariant on the way. */
function stepAndCheck(run: Run, c: Cmd): void {
  const event = deepFreeze(toEvent(run, c));
  const before = run.state;
  const step: Step = deepFreeze(reduce(before, event));
  const { state, effects } = step;
  const targeted = 'conn' in event ? event.conn : undefined;

  // Nothing happens to connections that are gone or were never opened: not even a new state object.
  if (event.type !== 'conn/opened' && targeted !== undefined && !run.live.has(targeted)) {
    expect(state).toBe(before);
    expect(effects.filter((e) => e.type !== 'log')).toEqual([]);
  }

  const out = deliveries(state, effects);
  if (event.type === 'conn/opened') run.live.add(event.conn);
  for (const d of out) if (d.frame.type === 'welcome') run.welcomed.set(d.to, d.frame.nick);
  for (const id of closedBy(effects)) {
    run.live.delete(id);
    run.welcomed.delete(id);
  }

  // Message delivery: the ack tells which message the sender's `say` became.
  const acks = framesTo(out, targeted ?? -1, 'ack');
  expect(acks.length).toBeLessThanOrEqual(1);
  for (const ack of acks) {
    expect(ack.id).toBeGreaterThan(run.lastMessageId);
    run.lastMessageId = ack.id;
    for (const id of run.welcomed.keys()) if (id !== targeted) run.expected.set(id, [...(run.expected.get(id) ?? []), ack.id]);
  }
  for (const d of out) {
    // History replayed to a newcomer (a later feature) is not a delivery of a live message.
    if (d.frame.type !== 'message' || (d.frame as { history?: boolean }).history === true) continue;
    expect(d.to, 'a message is never sent back to its sender').not.toBe(targeted);
    expect(d.frame.from).toBe(run.welcomed.get(targeted!) ?? before.conns.get(targeted!)?.nick);
    // eslint-disable-next-line no-control-regex
    expect(d.frame.text).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
    run.inbox.set(d.to, [...(run.inbox.get(d.to) ?? []), d.frame.id]);
  }
  if (acks.length === 0) expect(out.filter((d) => d.frame.type === 'message' && !(d.frame as { history?: boolean }).history)).toEqual([]);

  // Members of the lobby are exactly those registered and not yet gone.
  expect(new Set(membersOf(state, LOBBY))).toEqual(new Set(run.welcomed.keys()));
  expect(registered(state)).toEqual(run.welcomed);
  // Nicknames stay unique, case-insensitively.
  const folded = [...run.welcomed.values()].map(foldNick);
  expect(new Set(folded).size).toBe(folded.length);
  run.state = state;
}

function fold(cmds: readonly Cmd[]): Run {
  const run: Run = {
    state: deepFreeze(initialRoomState), at: 1_000, nextConn: 1, live: new Set(), welcomed: new Map(),
    inbox: new Map(), expected: new Map(), lastMessageId: 0,
  };
  for (const c of cmds) stepAndCheck(run, c);
  return run;
}

describe('room reducer invariants (issue 2), state and events frozen', () => {
  test.prop([history], { numRuns: 300 })(
    'nicknames unique, #lobby = registered minus left, no echo, every message to every other member once and in order',
    (cmds) => {
      const run = fold(cmds);
      for (const id of new Set([...run.inbox.keys(), ...run.expected.keys()])) {
        expect(run.inbox.get(id) ?? [], `messages received by connection ${id}`).toEqual(run.expected.get(id) ?? []);
      }
    },
  );

  test.prop([history, fc.constantFrom('bob', 'alice')])('a nickname taken in any case is refused with NICK_TAKEN and changes nothing', (cmds, base) => {
    const run = fold([...cmds, { k: 'open' }, { k: 'open' }]);
    const [a, b] = [run.nextConn - 2, run.nextConn - 1];
    const first = reduce(run.state, deepFreeze({ type: 'conn/frame-received', conn: a, frame: { type: 'hello', version: PROTOCOL_VERSION, nick: base }, at: run.at + TICK }));
    const taken = [...registered(run.state).values()].some((n) => foldNick(n) === base);
    const welcomed = framesTo(deliveries(first.state, first.effects), a, 'welcome').length === 1;
    expect(welcomed).toBe(!taken);
    const state = deepFreeze(first.state);
    const second = reduce(state, deepFreeze({ type: 'conn/frame-received', conn: b, frame: { type: 'hello', version: PROTOCOL_VERSION, nick: base.toUpperCase() }, at: run.at + 2 * TICK }));
    expect(framesTo(deliveries(second.state, second.effects), b, 'error').map((e) => e.code)).toEqual(['NICK_TAKEN']);
    expect(framesTo(deliveries(second.state, second.effects), b, 'error')[0]!.message).toBe(`nickname "${base.toUpperCase()}" is taken`);
    expect(registered(second.state)).toEqual(registered(state));
  });

  test.prop([history])('after a shutdown every live connection gets bye and is closed, and new connections are refused', (cmds) => {
    const run = fold(cmds);
    const step = reduce(run.state, deepFreeze({ type: 'server/shutdown-requested', reason: 'going down', at: run.at + TICK }));
    const out = deliveries(step.state, step.effects);
    for (const id of run.live) expect(framesTo(out, id, 'bye')).toEqual([{ type: 'bye', reason: 'going down', code: 'shutdown' }]);
    expect(new Set(closedBy(step.effects))).toEqual(run.live);
    expect(out.filter((d) => d.frame.type === 'left')).toEqual([]);
    const late = reduce(deepFreeze(step.state), deepFreeze({ type: 'conn/opened', conn: 999, address: 'x:1', at: run.at + 2 * TICK }));
    expect(framesTo(deliveries(late.state, late.effects), 999, 'error').map((e) => [e.code, e.fatal])).toEqual([['SERVER_SHUTDOWN', true]]);
    // [SHUTDOWN] The sessions stay, frozen, for the next boot to hold ([RESUME-GRACE]); nothing they send counts.
    expect(registered(late.state)).toEqual(registered(run.state));
    for (const id of run.live) {
      const said = reduce(deepFreeze(late.state), deepFreeze({ type: 'conn/frame-received', conn: id, frame: { type: 'say', text: 'late' }, at: run.at + 3 * TICK }));
      expect(said.state).toBe(late.state);
      expect(said.effects).toEqual([]);
    }
  });

  // Found by this suite at d28ad6f (a fatal refusal with no `close`); fixed in a97d873.
  test('a connection opened during shutdown is refused and closed', () => {
    const down = reduce(deepFreeze(initialRoomState), deepFreeze({ type: 'server/shutdown-requested', reason: 'going down', at: 1 }));
    const late = reduce(deepFreeze(down.state), deepFreeze({ type: 'conn/opened', conn: 999, address: 'x:1', at: 2 }));
    expect(closedBy(late.effects)).toEqual([999]);
  });
});
