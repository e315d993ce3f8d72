import { describe, expect, test } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { PROTOCOL_VERSION } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { stateFromJson, stateToJson } from '../../src/state-json.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

const reduce = createRoomReducer(defaultRoomOptions);
const fold = (state: RoomState, events: readonly RoomEvent[]) => events.reduce((s, e) => reduce(s, e).state, state);
const open = (conn: number, at: number): RoomEvent => ({ type: 'conn/opened', conn, address: `127.0.0.1:${conn}`, at });
const frame = (conn: number, at: number, f: object): RoomEvent => ({ type: 'conn/frame-received', conn, frame: f as never, at });

describe('[ROOM-CREATED] a room knows when it got its first member', () => {
  test('set by the first join (the event time), kept by later joins, sent in room frames', () => {
    const state = fold(initialRoomState, [
      open(1, 1000), frame(1, 2000, { type: 'hello', version: PROTOCOL_VERSION, nick: 'alice' }), frame(1, 3000, { type: 'join', room: '#dev' }),
      open(2, 4000), frame(2, 5000, { type: 'hello', version: PROTOCOL_VERSION, nick: 'bob' }),
    ]);
    expect(state.rooms.get('#lobby')!.createdAt).toBe(2000);
    const join = reduce(deepFreeze(state), frame(2, 6000, { type: 'join', room: '#dev' }));
    expect(join.state.rooms.get('#dev')!.createdAt).toBe(3000);
    expect(join.effects).toContainEqual({ type: 'send', to: 2, frame: expect.objectContaining({ type: 'room', room: '#dev', createdAt: 3000 }) });
  });

  test('[SNAPSHOT] an older snapshot without it still loads; its rooms take the time of their next join; a round trip keeps it', () => {
    const old = {
      v: 1, conns: [], nicks: [], bans: [], mutes: [], perHost: [], nextMessageId: 7, shuttingDown: false, boot: 1,
      rooms: [{ name: '#lobby', members: [], topic: { text: 'old times', by: 'ann', at: 5 }, topicLocked: false, history: [] }],
    };
    const loaded = stateFromJson(JSON.parse(JSON.stringify(old)));
    expect(loaded.rooms.get('#lobby')!.createdAt).toBeUndefined();
    const joined = fold(loaded, [open(9, 8000), frame(9, 9000, { type: 'hello', version: PROTOCOL_VERSION, nick: 'carol' })]);
    expect(joined.rooms.get('#lobby')!.createdAt).toBe(9000);
    expect(stateFromJson(JSON.parse(JSON.stringify(stateToJson(joined)))).rooms.get('#lobby')!.createdAt).toBe(9000);
  });
});
