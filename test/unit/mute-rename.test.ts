import { describe, expect, test } from 'vitest';
import type { ClientFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0, operSecret: 'op' });
let at = 0;
const run = (state: RoomState, conn: number, frame: ClientFrame) => reduce(state, { type: 'conn/frame-received', conn, frame, at: (at += 10) });
const member = (state: RoomState, conn: number, nick: string) =>
  run(reduce(state, { type: 'conn/opened', conn, address: `10.0.0.${conn}:1`, at: (at += 10) }).state, conn, { type: 'hello', version: 1, nick }).state;
const refused = (state: RoomState, conn: number) =>
  run(state, conn, { type: 'say', text: 'hello' }).effects.some((e) => e.type === 'send' && e.frame.type === 'error' && e.frame.code === 'MUTED');

describe('[MUTE] renames neither escape nor wipe a mute', () => {
  test('a muted member who renames stays muted', () => {
    let state = member(member(initialRoomState, 1, 'opera'), 2, 'troll');
    state = run(state, 1, { type: 'oper', secret: 'op' }).state;
    state = run(state, 1, { type: 'mute', nick: 'troll' }).state;
    state = run(state, 2, { type: 'nick', nick: 'angel' }).state;
    expect(refused(state, 2)).toBe(true);
  });

  test('renaming through a muted nick and back leaves that nick muted', () => {
    let state = member(member(member(initialRoomState, 1, 'opera'), 2, 'troll'), 3, 'bystander');
    state = run(state, 1, { type: 'oper', secret: 'op' }).state;
    state = run(state, 1, { type: 'mute', nick: 'troll' }).state;
    state = reduce(state, { type: 'conn/closed', conn: 2, cause: 'gone', at: (at += 10) }).state;
    state = run(state, 3, { type: 'nick', nick: 'troll' }).state;
    state = run(state, 3, { type: 'nick', nick: 'bystander' }).state;
    const back = member(state, 4, 'troll');
    expect(refused(back, 4)).toBe(true);
  });
});
