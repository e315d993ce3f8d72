import { describe, expect, test } from 'vitest';
import type { Effect } from '../../src/effects.js';
import type { RoomEvent } from '../../src/events.js';
import type { ClientFrame } from '../../src/protocol.js';
import { configOf } from '../../src/reducer/options.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, selectRoomsOf, type RoomState } from '../../src/room-state.js';
import { createRedactor } from '../../streams/redact-secrets.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

const options = { ...defaultRoomOptions, floodRate: 0 };
const reduce = createRoomReducer(options);
const GRACE = 60_000;
const B1 = 2 ** 32;
const B2 = 2 * 2 ** 32;

/** A server's life as the reducer sees it: events through the [REDACT] edge of each boot. */
function life() {
  let state: RoomState = initialRoomState;
  let edge = createRedactor({ password: null, operSecret: null });
  let at = 1_000;
  let effects: readonly Effect[] = [];
  const feed = (event: RoomEvent) => {
    const step = reduce(state, deepFreeze(edge.redact(event)));
    state = deepFreeze(step.state);
    effects = step.effects;
    return step;
  };
  return {
    get state() { return state; },
    get effects() { return effects; },
    boot(boot: number, config = configOf(options)) {
      edge = createRedactor({ password: null, operSecret: null });
      return feed({ type: 'server/started', boot, config, graceMs: GRACE, at: (at += 1000) });
    },
    open: (conn: number, token: string) => feed({ type: 'conn/opened', conn, address: `10.0.0.9:${conn % 1000}`, at: ++at, token }),
    send: (conn: number, frame: ClientFrame) => feed({ type: 'conn/frame-received', conn, frame, at: ++at }),
    graceOver: () => feed({ type: 'server/grace-ended', at: (at += GRACE) }),
    shutdown: () => feed({ type: 'server/shutdown-requested', reason: 'restart', at: ++at }),
  };
}

/** Boot 1: alice and bob in #lobby, alice in #dev with a topic and a message. */
function firstBoot() {
  const server = life();
  server.boot(1);
  server.open(B1 + 1, 'alice-secret');
  server.send(B1 + 1, { type: 'hello', version: 1, nick: 'alice' });
  server.open(B1 + 2, 'bob-secret');
  server.send(B1 + 2, { type: 'hello', version: 1, nick: 'bob' });
  server.send(B1 + 1, { type: 'join', room: '#dev' });
  server.send(B1 + 1, { type: 'topic', room: '#dev', text: 'kept topic' });
  server.send(B1 + 1, { type: 'say', room: '#dev', text: 'before the crash' });
  server.send(B1 + 1, { type: 'away', reason: 'lunch' });
  return server;
}

const leaves = (effects: readonly Effect[]) => effects.filter((e) => e.type === 'presence' && e.frame.type === 'left');

describe('[BOOT] [RESUME-GRACE] a restart holds every session for its owner', () => {
  for (const graceful of [false, true]) {
    test(`after a ${graceful ? 'shutdown' : 'crash'}, a new boot holds the sessions; nobody is told anyone left`, () => {
      const server = firstBoot();
      if (graceful) server.shutdown();
      const step = server.boot(2);
      expect(leaves(step.effects)).toEqual([]);
      const alice = server.state.conns.get(B1 + 1);
      expect(alice).toMatchObject({ nick: 'alice', away: 'lunch', heldUntil: expect.any(Number) });
      expect(server.state.shuttingDown).toBe(false);
      expect(server.state.perHost.size).toBe(0);
      expect(server.state.rooms.get('#dev')).toMatchObject({ topic: { text: 'kept topic' } });
    });
  }

  test('the owner comes back with its secret: same nick, rooms and away status; no join or leave anywhere', () => {
    const server = firstBoot();
    server.boot(2);
    server.open(B2 + 1, 'new-secret');
    const step = server.send(B2 + 1, { type: 'hello', version: 1, nick: 'alice', resume: 'alice-secret' });
    expect(step.effects).toContainEqual(expect.objectContaining({ type: 'send', to: B2 + 1, frame: expect.objectContaining({ type: 'welcome', resumed: true }) }));
    expect(step.effects.filter((e) => e.type === 'broadcast' || e.type === 'multicast')).toEqual([]);
    expect(selectRoomsOf(server.state, B2 + 1).sort()).toEqual(['#dev', '#lobby']);
    expect(server.state.conns.get(B2 + 1)).toMatchObject({ nick: 'alice', away: 'lunch' });
    expect(server.state.conns.get(B2 + 1)?.heldUntil).toBeUndefined();
    expect(server.state.conns.has(B1 + 1)).toBe(false);
    // The new socket counts against its host; the held session never did.
    expect(server.state.perHost.get('10.0.0.9')).toBe(1);
  });

  test('a held nickname is not free: another person meets NICK_TAKEN, a wrong secret too', () => {
    const server = firstBoot();
    server.boot(2);
    server.open(B2 + 1, 'x');
    for (const resume of [undefined, 'bob-secreT']) {
      const step = server.send(B2 + 1, { type: 'hello', version: 1, nick: 'BOB', ...(resume ? { resume } : {}) });
      expect(step.effects).toContainEqual(expect.objectContaining({ frame: expect.objectContaining({ code: 'NICK_TAKEN' }) }));
    }
  });

  test('when the grace ends, those who did not come back leave, each room told once; the rest stay', () => {
    const server = firstBoot();
    server.boot(2);
    server.open(B2 + 1, 's');
    server.send(B2 + 1, { type: 'hello', version: 1, nick: 'alice', resume: 'alice-secret' });
    const step = server.graceOver();
    expect(leaves(step.effects).map((e) => e.type === 'presence' && [e.room, e.frame])).toEqual([
      ['#lobby', expect.objectContaining({ nick: 'bob', reason: 'disconnected' })],
    ]);
    expect(server.state.nicks.has('bob')).toBe(false);
    expect(server.state.conns.get(B2 + 1)?.nick).toBe('alice');
    // [ROOM-KEPT] #dev keeps its topic and history even with nobody in it.
    server.send(B2 + 1, { type: 'part', room: '#dev' });
    expect(server.state.rooms.get('#dev')?.members.size).toBe(0);
    expect(server.state.rooms.get('#dev')?.topic?.text).toBe('kept topic');
    // A second end of grace finds nobody held: the same state.
    const before = server.state;
    expect(server.graceOver().state).toBe(before);
  });

  test('[BOOT] a boot decides with the config it recorded, not the reducer\'s flags', () => {
    const server = firstBoot();
    server.boot(2, { ...configOf(options), maxTextLength: 5 });
    server.open(B2 + 1, 's');
    server.send(B2 + 1, { type: 'hello', version: 1, nick: 'carol' });
    const step = server.send(B2 + 1, { type: 'say', text: 'longer than five' });
    expect(step.effects).toContainEqual(expect.objectContaining({ frame: expect.objectContaining({ code: 'TEXT_TOO_LONG' }) }));
    expect(server.state.boot).toBe(2);
  });

  test('[SHUTDOWN] while shutting down, sessions are frozen: their frames and closes change nothing', () => {
    const server = firstBoot();
    server.shutdown();
    const frozen = server.state;
    expect(server.send(B1 + 2, { type: 'say', text: 'too late' }).state).toBe(frozen);
    expect(reduce(frozen, { type: 'conn/closed', conn: B1 + 2, cause: 'x', at: 99_999 }).state).toBe(frozen);
  });
});
