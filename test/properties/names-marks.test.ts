import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { decodeServerFrame, encodeFrame } from '../../src/native-codec.js';
import { LOBBY, PROTOCOL_VERSION, type RoomFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, selectRoomFrame, type RoomState } from '../../src/room-state.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0, maxPerAddress: 10_000, operSecret: 'opensesame' });
const frame = (conn: number, f: object): RoomEvent => ({ type: 'conn/frame-received', conn, frame: f as never, at: 1000 + conn });

interface Member { readonly away: boolean; readonly oper: boolean }

/** Members `mem1`, `mem2`... in the lobby, each away and an operator as told, by the room's own frames. */
function lobbyOf(members: readonly Member[]): RoomState {
  let state = initialRoomState;
  members.forEach((m, i) => {
    const conn = i + 1;
    state = reduce(state, { type: 'conn/opened', conn, address: `127.0.0.1:${conn}`, at: conn }).state;
    state = reduce(state, frame(conn, { type: 'hello', version: PROTOCOL_VERSION, nick: `mem${conn}` })).state;
    if (m.away) state = reduce(state, frame(conn, { type: 'away', reason: 'lunch' })).state;
    if (m.oper) state = reduce(state, frame(conn, { type: 'oper', secret: 'opensesame' })).state;
  });
  return deepFreeze(state);
}

/** Every page of the lobby, `size` members each. */
function pages(state: RoomState, size: number): RoomFrame[] {
  const out = [selectRoomFrame(state, LOBBY, undefined, size)];
  while (out[out.length - 1]!.next !== undefined) out.push(selectRoomFrame(state, LOBBY, out[out.length - 1]!.next, size));
  return out;
}

const members = fc.array(fc.record({ away: fc.boolean(), oper: fc.boolean() }), { minLength: 1, maxLength: 30 });

describe('[NAMES-MARKS] a names page says who of its members is away or an operator', () => {
  test.prop([members, fc.integer({ min: 1, max: 12 })], { numRuns: 60 })(
    'each page marks exactly its members who are, in its order, and leaves the field out when none is',
    (list, size) => {
      const state = lobbyOf(list);
      const nickOf = (i: number) => `mem${i + 1}`;
      const flagged = (key: keyof Member) => new Set(list.flatMap((m, i) => (m[key] ? [nickOf(i)] : [])));
      const all = pages(state, size);
      // Every member is on some page (in the server's order, not the joins'): no page is vacuous.
      expect(all.flatMap((p) => p.members).sort()).toEqual(list.map((_, i) => nickOf(i)).sort());
      for (const page of all) {
        for (const [field, key] of [['away', 'away'], ['opers', 'oper']] as const) {
          const want = page.members.filter((n) => flagged(key).has(n));
          if (want.length === 0) expect(field in page).toBe(false);
          else expect(page[field]).toEqual(want);
        }
      }
    },
  );

  test('coming back and leaving take the mark away: the next page says so', () => {
    let state = lobbyOf([{ away: true, oper: false }, { away: true, oper: true }]);
    expect(selectRoomFrame(state, LOBBY)).toMatchObject({ members: ['mem1', 'mem2'], away: ['mem1', 'mem2'], opers: ['mem2'] });
    state = reduce(state, frame(1, { type: 'away' })).state;
    expect(selectRoomFrame(state, LOBBY)).toMatchObject({ away: ['mem2'], opers: ['mem2'] });
    state = reduce(state, { type: 'conn/closed', conn: 2, cause: 'end', at: 5000 }).state;
    const after = selectRoomFrame(state, LOBBY);
    expect(after.members).toEqual(['mem1']);
    expect('away' in after || 'opers' in after).toBe(false);
  });

  test('[FRAME-SHAPE] the native decoder keeps away and opers, and refuses them when not lists of strings', () => {
    const page: RoomFrame = { type: 'room', room: '#a', topic: null, topicLocked: false, members: ['ann', 'bob'], count: 2, away: ['bob'], opers: ['ann'] };
    expect(decodeServerFrame(encodeFrame(page).slice(0, -1))).toEqual({ ok: true, value: page });
    expect(decodeServerFrame(JSON.stringify({ ...page, away: 'bob' }))).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
  });
});
