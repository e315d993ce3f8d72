import { describe, expect, test } from 'vitest';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { stateFromJson, stateToJson } from '../../src/state-json.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0 });
const keysOf = (state: RoomState) => [...new Set([...state.conns.values()].map((c) => Object.keys(c).sort().join(',')))];

/**
 * [CONN-SHAPE] Every connection has the same fields whatever happened to it (registered or not,
 * resumable or not, loaded from a snapshot), so the reducer's spreads only overwrite fields and
 * connections share their hidden classes.
 */
describe('[CONN-SHAPE] connections keep one set of fields', () => {
  test('new, registered, resumable and reloaded connections all have the same keys', () => {
    let state = initialRoomState;
    state = reduce(state, { type: 'conn/opened', conn: 1, address: '10.0.0.1:1', at: 1 }).state;
    state = reduce(state, { type: 'conn/opened', conn: 2, address: '10.0.0.2:1', at: 1, resumeHash: 'h' }).state;
    state = reduce(state, { type: 'conn/frame-received', conn: 2, frame: { type: 'hello', version: 1, nick: 'bob' }, at: 2 }).state;
    expect(keysOf(state)).toHaveLength(1);
    expect(keysOf(state)[0]).toContain('nick');
    const reloaded = stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))));
    expect(keysOf(reloaded)).toEqual(keysOf(state));
    // JSON leaves the unset ones out: snapshots are as before.
    expect(JSON.stringify(stateToJson(state))).not.toContain('heldUntil');
  });
});
