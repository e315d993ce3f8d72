import { describe, expect, test } from 'vitest';
import type { Effect } from '../../src/effects.js';
import type { ClientFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState, selectRoomsOf, type RoomState } from '../../src/room-state.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0, maxRooms: 4, maxRoomsPerMember: 3 });

function run(state: RoomState, conn: number, frame: ClientFrame): Step {
  return reduce(state, { type: 'conn/frame-received', conn, frame, at: 10 });
}

function member(state: RoomState, conn: number, nick: string): RoomState {
  const opened = reduce(state, { type: 'conn/opened', conn, address: `127.0.0.1:${conn}`, at: 1 }).state;
  return run(opened, conn, { type: 'hello', version: 1, nick }).state;
}

const errors = (effects: readonly Effect[]) =>
  effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'error' ? [e.frame.code] : []));

describe('[ROOM-CAP]', () => {
  test('a member may be in at most maxRoomsPerMember rooms, #lobby included', () => {
    let state = member(initialRoomState, 1, 'alice');
    state = run(state, 1, { type: 'join', room: '#a' }).state;
    state = run(state, 1, { type: 'join', room: '#b' }).state;
    expect(selectRoomsOf(state, 1).sort()).toEqual(['#a', '#b', '#lobby']);
    const refused = run(state, 1, { type: 'join', room: '#c' });
    expect(errors(refused.effects)).toEqual(['TOO_MANY_ROOMS']);
    expect(refused.state).toBe(state);
    // Parting one makes room for another.
    state = run(state, 1, { type: 'part', room: '#a' }).state;
    expect(errors(run(state, 1, { type: 'join', room: '#c' }).effects)).toEqual([]);
  });

  test('the server holds at most maxRooms rooms; joining an existing one is still allowed', () => {
    let state = member(member(initialRoomState, 1, 'alice'), 2, 'bob');
    state = run(state, 1, { type: 'join', room: '#a' }).state;
    state = run(state, 1, { type: 'join', room: '#b' }).state;
    state = run(state, 2, { type: 'join', room: '#c' }).state;
    expect(state.rooms.size).toBe(4);
    expect(errors(run(state, 2, { type: 'join', room: '#d' }).effects)).toEqual(['TOO_MANY_ROOMS']);
    expect(errors(run(state, 2, { type: 'join', room: '#a' }).effects)).toEqual([]);
  });
});

describe('[REASON-MAX] and [TEXT-HYGIENE] for leaving words', () => {
  test('a quit reason reaches the room cleaned and cut to 200 characters', () => {
    const state = member(member(initialRoomState, 1, 'alice'), 2, 'bob');
    const step = run(state, 2, { type: 'quit', reason: `\u001b[2J${'x'.repeat(500)}` });
    const left = step.effects.find((e) => e.type === 'presence' && e.frame.type === 'left');
    const text = left?.type === 'presence' && left.frame.type === 'left' ? left.frame.text : undefined;
    expect(text?.startsWith('\uFFFD[2J')).toBe(true);
    expect(text).toHaveLength(200);
  });
});
