import { describe, expect, test } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { decodeClientFrame } from '../../src/native-codec.js';
import { NAMES_PAGE, PROTOCOL_VERSION, type RoomFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0, maxPerAddress: 10_000 });
const frame = (conn: number, f: object): RoomEvent => ({ type: 'conn/frame-received', conn, frame: f as never, at: 1000 + conn });

/** `n` registered members, conns 1..n, all in the lobby. */
function lobbyOf(n: number): RoomState {
  let state = initialRoomState;
  for (let conn = 1; conn <= n; conn++) {
    state = reduce(state, { type: 'conn/opened', conn, address: `127.0.0.1:${conn}`, at: conn }).state;
    state = reduce(state, frame(conn, { type: 'hello', version: PROTOCOL_VERSION, nick: `mem${conn}` })).state;
  }
  return state;
}
const roomFrames = (step: ReturnType<typeof reduce>) =>
  step.effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'room' ? [e.frame as RoomFrame] : []));

describe('[NAMES-ALL] every page of the members in one answer', () => {
  test('names with allNames: pages of [NAMES-PAGE], the later ones with `after`, listing each member once', () => {
    const state = lobbyOf(1100);
    const pages = roomFrames(reduce(state, frame(7, { type: 'names', room: '#lobby', allNames: true })));
    expect(pages.map((p) => p.members.length)).toEqual([NAMES_PAGE, NAMES_PAGE, 100]);
    expect(pages[0]!.after).toBeUndefined();
    expect(pages[1]!.after).toBe(pages[0]!.next);
    expect(pages[2]!.after).toBe(pages[1]!.next);
    expect(pages[2]!.next).toBeUndefined();
    expect(new Set(pages.flatMap((p) => p.members)).size).toBe(1100);
  });

  test('a hello and a join with allNames list every member before the history; without it, the first page only', () => {
    const state = lobbyOf(600);
    const opened = reduce(state, { type: 'conn/opened', conn: 700, address: '127.0.0.1:700', at: 5 }).state;
    const hello = reduce(opened, frame(700, { type: 'hello', version: PROTOCOL_VERSION, nick: 'alice', allNames: true }));
    expect(roomFrames(hello).map((p) => p.members.length)).toEqual([500, 101]);
    const plain = reduce(opened, frame(700, { type: 'hello', version: PROTOCOL_VERSION, nick: 'alice' }));
    expect(roomFrames(plain).map((p) => p.members.length)).toEqual([50]);
    const joined = reduce(hello.state, frame(700, { type: 'join', room: '#lobby', allNames: true }));
    expect(roomFrames(joined).map((p) => p.members.length)).toEqual([500, 101]);
  });

  test('[FRAME-SHAPE] the native wire takes allNames: true and refuses anything else', () => {
    expect(decodeClientFrame('{"type":"join","room":"#a","allNames":true}')).toEqual({ ok: true, value: { type: 'join', room: '#a', allNames: true } });
    expect(decodeClientFrame('{"type":"names","room":"#a","allNames":1}')).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
  });
});
