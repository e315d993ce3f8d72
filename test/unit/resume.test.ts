import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Effect } from '../../src/effects.js';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState, selectRoomsOf, type RoomState } from '../../src/room-state.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import type { RoomEvent } from '../../src/events.js';
import { stateToJson } from '../../src/state-json.js';
import { createRedactor, hashSecret } from '../../streams/redact-secrets.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0 });
// Events pass the server's edge first ([REDACT]), as in the server: the reducer sees hashes only.
const edge = createRedactor({ password: null, operSecret: null });
let at = 0;

function run(state: RoomState, conn: number, frame: ClientFrame): Step {
  const step = reduce(state, edge.redact({ type: 'conn/frame-received', conn, frame, at: (at += 10) }));
  return { state: deepFreeze(step.state), effects: step.effects };
}

function open(state: RoomState, conn: number, token?: string): RoomState {
  return deepFreeze(reduce(state, edge.redact({ type: 'conn/opened', conn, address: `10.0.0.${conn}:4000`, at: (at += 10), ...(token ? { token } : {}) })).state);
}

const to = (effects: readonly Effect[], conn: number): ServerFrame[] =>
  effects.flatMap((e) => (e.type === 'send' && e.to === conn ? [e.frame] : []));

/** alice (conn 1, token t1) in #lobby and #dev, bob (conn 2) in both. */
function twoMembers(): { state: RoomState; token: string } {
  let state = open(open(initialRoomState, 1, 't1-secret'), 2, 't2-secret');
  const welcome = run(state, 1, { type: 'hello', version: 1, nick: 'alice' });
  state = welcome.state;
  state = run(state, 2, { type: 'hello', version: 1, nick: 'bob' }).state;
  state = run(state, 1, { type: 'join', room: '#dev' }).state;
  state = run(state, 2, { type: 'join', room: '#dev' }).state;
  expect(to(welcome.effects, 1)[0]).toMatchObject({ type: 'welcome', nick: 'alice' });
  return { state, token: edge.secretOf(1) ?? '' };
}

describe('[RESUME] a new connection takes its session over', () => {
  test('[REDACT] the state keeps only the hash of the secret; the edge keeps the secret for the welcome', () => {
    const { state, token } = twoMembers();
    expect(token).toBe('t1-secret');
    expect(state.conns.get(1)?.resumeHash).toBe(hashSecret('t1-secret'));
    expect(JSON.stringify(stateToJson(state))).not.toContain('t1-secret');
  });

  test('with the token: same nick, same rooms, old connection closed, nobody sees a leave or a join', () => {
    const { state, token } = twoMembers();
    const withNew = open(state, 3, 't3-secret');
    const step = run(withNew, 3, { type: 'hello', version: 1, nick: 'alice', resume: token });
    const welcome = to(step.effects, 3).find((f) => f.type === 'welcome');
    expect(welcome).toMatchObject({ type: 'welcome', nick: 'alice', resumed: true });
    expect(edge.secretOf(3)).toBe('t3-secret');
    expect(selectRoomsOf(step.state, 3).sort()).toEqual(['#dev', '#lobby']);
    expect(step.state.conns.has(1)).toBe(false);
    expect(step.state.nicks.get('alice')).toBe(3);
    expect(step.effects).toContainEqual({ type: 'close', conn: 1, reason: 'resumed' });
    expect(to(step.effects, 1).map((f) => f.type)).toEqual(['bye']);
    const broadcasts = step.effects.filter((e) => e.type === 'broadcast' || e.type === 'multicast');
    expect(broadcasts).toEqual([]);
    expect(to(step.effects, 3).filter((f) => f.type === 'room').map((f) => f.type === 'room' && f.room).sort()).toEqual(['#dev', '#lobby']);
  });

  test('a wrong token, or none, still meets NICK_TAKEN', () => {
    const { state } = twoMembers();
    const withNew = open(state, 3, 't3-secret');
    for (const resume of ['t1-secreT', '', undefined]) {
      const step = run(withNew, 3, { type: 'hello', version: 1, nick: 'alice', ...(resume === undefined ? {} : { resume }) });
      expect(to(step.effects, 3)).toEqual([expect.objectContaining({ type: 'error', code: 'NICK_TAKEN' })]);
      expect(step.state).toBe(withNew);
    }
  });

  test('operator status and away message come along', () => {
    const options = { ...defaultRoomOptions, floodRate: 0, operSecret: 'op' };
    const operEdge = createRedactor({ password: null, operSecret: 'op' });
    const reduceOper = createRoomReducer(options);
    const withOper = (state: RoomState, event: RoomEvent) => reduceOper(state, operEdge.redact(event));
    let state = withOper(initialRoomState, { type: 'conn/opened', conn: 1, address: '10.0.0.1:1', at: 1, token: 'tok' }).state;
    state = withOper(state, { type: 'conn/frame-received', conn: 1, frame: { type: 'hello', version: 1, nick: 'alice' }, at: 2 }).state;
    state = withOper(state, { type: 'conn/frame-received', conn: 1, frame: { type: 'oper', secret: 'op' }, at: 3 }).state;
    state = withOper(state, { type: 'conn/frame-received', conn: 1, frame: { type: 'away', reason: 'lunch' }, at: 4 }).state;
    state = withOper(state, { type: 'conn/opened', conn: 2, address: '10.0.0.1:2', at: 5, token: 'tok2' }).state;
    state = withOper(state, { type: 'conn/frame-received', conn: 2, frame: { type: 'hello', version: 1, nick: 'ALICE', resume: 'tok' }, at: 6 }).state;
    expect(state.conns.get(2)).toMatchObject({ nick: 'alice', oper: true, away: 'lunch' });
    expect(state.perHost.get('10.0.0.1')).toBe(1);
  });
});

describe('[DEDUPE] a resent ref is acknowledged, not said again', () => {
  test('the same ref twice: one message to the room, two acks with the same id', () => {
    const { state } = twoMembers();
    const first = run(state, 1, { type: 'say', text: 'hello', room: '#dev', ref: 'm1' });
    const again = run(first.state, 1, { type: 'say', text: 'hello', room: '#dev', ref: 'm1' });
    const messages = (s: Step) => s.effects.filter((e) => e.type === 'broadcast' && e.frame.type === 'message');
    expect(messages(first)).toHaveLength(1);
    expect(messages(again)).toHaveLength(0);
    const ack = (s: Step) => to(s.effects, 1).find((f) => f.type === 'ack');
    expect(ack(again)).toEqual(ack(first));
    expect(again.state).toBe(first.state);
  });

  test('across a resume: what the old connection sent is known to the new one', () => {
    const { state, token } = twoMembers();
    const sent = run(state, 1, { type: 'msg', to: 'bob', text: 'psst', ref: 'm7' });
    const resumed = run(open(sent.state, 3, 't3'), 3, { type: 'hello', version: 1, nick: 'alice', resume: token });
    const resent = run(resumed.state, 3, { type: 'msg', to: 'bob', text: 'psst', ref: 'm7' });
    expect(to(resent.effects, 2)).toEqual([]);
    expect(to(resent.effects, 3)).toEqual([expect.objectContaining({ type: 'ack', ref: 'm7' })]);
  });

  test('only the last 32 refs are remembered', () => {
    let { state } = twoMembers();
    for (let i = 0; i < 40; i++) state = run(state, 1, { type: 'say', text: `n${i}`, ref: `r${i}` }).state;
    expect(state.conns.get(1)?.recent.map((r) => r.ref)).toEqual(Array.from({ length: 32 }, (_, i) => `r${i + 8}`));
    const old = run(state, 1, { type: 'say', text: 'n0', ref: 'r0' });
    expect(old.effects.filter((e) => e.type === 'broadcast')).toHaveLength(1);
  });
});

describe('[RESUME-SEEN] a resume that says what the client has shown', () => {
  /** alice and bob in #lobby and #dev; bob says 40 messages in #dev; ids of them. */
  function chatty(): { state: RoomState; token: string; ids: number[] } {
    let { state, token } = twoMembers();
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const step = run(state, 2, { type: 'say', room: '#dev', text: `m${i}` });
      state = step.state;
      ids.push((to(step.effects, 2).find((f) => f.type === 'ack') as { id: number }).id);
    }
    return { state, token, ids };
  }
  const replayed = (step: Step, conn: number) => to(step.effects, conn).filter((f) => f.type === 'message').map((f) => (f as { id: number }).id);

  test('gets every message after `seen` the room keeps, past the plain replay\'s share, and none it had', () => {
    const { state, token, ids } = chatty();
    const step = run(open(state, 3, 't3-secret'), 3, { type: 'hello', version: 1, nick: 'alice', resume: token, seen: ids[9]! });
    expect(replayed(step, 3)).toEqual(ids.slice(10)); // 30: more than ceil(50 / 2 rooms)
    expect(to(step.effects, 3).filter((f) => f.type === 'message').every((f) => (f as { history?: true }).history === true)).toBe(true);
  });

  test('without `seen`: the newest [RESUME-REPLAY] share of each room, as before', () => {
    const { state, token, ids } = chatty();
    const step = run(open(state, 3, 't3-secret'), 3, { type: 'hello', version: 1, nick: 'alice', resume: token });
    expect(replayed(step, 3)).toEqual(ids.slice(-25));
  });

  test('`seen` past everything: the rooms, no message', () => {
    const { state, token, ids } = chatty();
    const step = run(open(state, 3, 't3-secret'), 3, { type: 'hello', version: 1, nick: 'alice', resume: token, seen: ids.at(-1)! });
    expect(replayed(step, 3)).toEqual([]);
    expect(to(step.effects, 3).filter((f) => f.type === 'room').map((f) => (f as { room: string }).room).sort()).toEqual(['#dev', '#lobby']);
  });
});

describe('[RESUME] hashSecret', () => {
  // The one-shot digest (crypto.hash) must give what every earlier release stored (createHash):
  // a resume hash in a log or a cluster stream written by either must match.
  test('is the base64url SHA-256 of the secret, as createHash gives it', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (secret) => {
      expect(hashSecret(secret)).toBe(createHash('sha256').update(secret, 'utf8').digest('base64url'));
    }));
  });
});
