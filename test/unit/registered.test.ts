import { describe, expect, test } from 'vitest';
import type { Effect } from '../../src/effects.js';
import type { ClientFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { legacyAdapter } from '../../streams/adapters/legacy-adapter.js';
import { createRedactor } from '../../streams/redact-secrets.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0 });
// Events pass the server's edge first ([REDACT]), as in the server: the reducer sees hashes only.
const edge = createRedactor({ password: null, operSecret: null });
const open = (state: RoomState, conn: number, token: string) =>
  deepFreeze(reduce(state, edge.redact({ type: 'conn/opened', conn, address: `10.0.0.${conn}:1`, at: 1, token })).state);
const run = (state: RoomState, conn: number, frame: ClientFrame) => reduce(state, edge.redact({ type: 'conn/frame-received', conn, frame, at: 2 }));
/** The effects that register or welcome, in order, as `kind:conn`. */
const signals = (effects: readonly Effect[]) =>
  effects.flatMap((e) => (e.type === 'registered' ? [`registered:${e.conn}:${e.nick}`] : e.type === 'send' && e.frame.type === 'welcome' ? [`welcome:${e.to}`] : []));
const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString());

describe('[REGISTERED] registration is an explicit signal of the room', () => {
  test('a hello that is taken in says registered before its welcome; a refused one says nothing', () => {
    const state = open(open(initialRoomState, 1, 't1'), 2, 't2');
    const ann = run(state, 1, { type: 'hello', version: 1, nick: 'ann' });
    expect(signals(ann.effects)).toEqual(['registered:1:ann', 'welcome:1']);
    expect(signals(run(ann.state, 2, { type: 'hello', version: 1, nick: 'ANN' }).effects)).toEqual([]);
  });

  test('a resume registers the new connection under the old nickname', () => {
    let state = open(initialRoomState, 1, 't1');
    state = run(state, 1, { type: 'hello', version: 1, nick: 'ann' }).state;
    const resumed = run(open(state, 2, 't2'), 2, { type: 'hello', version: 1, nick: 'ann', resume: 't1' });
    expect(signals(resumed.effects)).toEqual(['registered:2:ann', 'welcome:2']);
  });

  test('[LEGACY] the legacy adapter answers FALSE until the signal, whatever it wrote; the room reads its lines ([LEGACY-LINE])', () => {
    const session = legacyAdapter.open({ maxFrameBytes: 64, maxTextLength: 64 });
    const line = Buffer.from('hello there');
    expect(session.decode(line)).toEqual([{ kind: 'frame', frame: { type: 'line', text: 'hello there' } }]);
    const taken = { type: 'error', code: 'NICK_TAKEN', message: 'taken', fatal: false } as const;
    expect(text(session.encode(taken))).toBe('FALSE');
    // Writing a welcome is not what registers it: only the signal is.
    expect(text(session.encode({ type: 'welcome', version: 1, nick: 'x', room: '#lobby', members: [], maxFrameBytes: 1, maxTextLength: 1 }))).toBe('TRUE');
    expect(text(session.encode(taken))).toBe('FALSE');
    session.registered('hello');
    expect(session.decode(line)).toEqual([{ kind: 'frame', frame: { type: 'line', text: 'hello there' } }]);
    expect(text(session.encode(taken))).toBe('error: taken\n');
  });
});
