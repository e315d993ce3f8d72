import { fc, test } from '@fast-check/vitest';
import { Subject, VirtualTimeScheduler } from 'rxjs';
import { describe, expect } from 'vitest';
import type { ConnId, RoomEvent } from '../../src/events.js';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState, selectMemberNicks } from '../../src/room-state.js';
import { coalescePresence } from '../../streams/coalesce-presence.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import { deliveries } from '../helpers/room-harness.js';

/**
 * [PRESENCE] The spec of coalescing: whatever joins, parts, renames, drops and lines happen, and
 * wherever the windows end, every member's list (kept from its room frames and the joined, left,
 * presence and nick frames it reads) equals the room's real member set once the last window ends;
 * and nobody reads a line from someone missing from their list ([PRESENCE-ORDER]).
 */
const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0 });
const conn = fc.integer({ min: 1, max: 6 });
const nick = fc.constantFrom('ann', 'bob', 'cyd', 'dan', 'eve', 'fay');
const room = fc.constantFrom('#lobby', '#dev');
type Cmd = { k: 'open' | 'close' | 'tick'; c: ConnId } | { k: 'frame'; c: ConnId; frame: ClientFrame };
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('open' as const), c: conn }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('close' as const), c: conn }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('tick' as const), c: conn }) },
  { weight: 8, arbitrary: fc.record({ k: fc.constant('frame' as const), c: conn, frame: fc.oneof(
    fc.record({ type: fc.constant('hello' as const), version: fc.constant(1), nick }),
    fc.record({ type: fc.constant('join' as const), room }),
    fc.record({ type: fc.constant('part' as const), room }),
    fc.record({ type: fc.constant('nick' as const), nick }),
    fc.record({ type: fc.constant('say' as const), text: fc.constant('hi'), room }),
  ) }) },
);

/** What one member believes: each room it is in, with the nicks it was told are there. */
type View = Map<string, Set<string>>;

function read(view: View, self: string | undefined, frame: ServerFrame, lines: { from: string; known: boolean }[]): void {
  switch (frame.type) {
    case 'room': if (frame.after === undefined) view.set(frame.room, new Set(frame.members)); else frame.members.forEach((n) => view.get(frame.room)?.add(n)); break;
    case 'joined': view.get(frame.room)?.add(frame.nick); break;
    case 'left': if (frame.nick === self) view.delete(frame.room); else view.get(frame.room)?.delete(frame.nick); break;
    case 'presence': {
      const list = view.get(frame.room);
      frame.left.forEach((l) => list?.delete(l.nick));
      frame.joined.forEach((n) => list?.add(n));
      break;
    }
    case 'nick': for (const list of view.values()) if (list.delete(frame.old)) list.add(frame.nick); break;
    case 'message': if (!frame.history) lines.push({ from: frame.from, known: view.get(frame.room)?.has(frame.from) ?? false }); break;
    default: break;
  }
}

describe('[PRESENCE] coalesced presence against the real member sets', () => {
  test.prop([fc.array(cmd, { minLength: 20, maxLength: 80, size: 'max' }), fc.integer({ min: 0, max: 6 })])(
    'every member list equals its room once the windows end; no line from someone unlisted',
    (cmds, limit) => {
      const scheduler = new VirtualTimeScheduler();
      const steps$ = new Subject<Step>();
      const views = new Map<ConnId, View>();
      const nicks = new Map<ConnId, string>();
      const lines: { from: string; known: boolean }[] = [];
      let last: Step = { state: initialRoomState, effects: [] };
      steps$.pipe(coalescePresence({ windowMs: 10, limit, scheduler })).subscribe((step) => {
        for (const { to, frame } of deliveries(step.state, step.effects)) {
          if (frame.type === 'welcome') nicks.set(to, frame.nick);
          if (frame.type === 'nick' && nicks.get(to) === frame.old) nicks.set(to, frame.nick);
          if (!views.has(to)) views.set(to, new Map());
          read(views.get(to)!, nicks.get(to), frame, lines);
        }
      });
      let at = 1;
      for (const c of cmds) {
        if (c.k === 'tick') {
          scheduler.flush();
          continue;
        }
        const event: RoomEvent = c.k === 'frame' ? { type: 'conn/frame-received', conn: c.c, frame: c.frame, at }
          : c.k === 'open' ? { type: 'conn/opened', conn: c.c, address: `10.0.0.${c.c}:1`, at }
          : { type: 'conn/closed', conn: c.c, cause: 'gone', at };
        at += 1;
        last = reduce(deepFreeze(last.state), event);
        if (c.k === 'close') views.delete(c.c);
        steps$.next(last);
      }
      scheduler.flush();
      for (const line of lines) expect(line.known, `a line from ${line.from} before the news of their join`).toBe(true);
      for (const [id, c] of last.state.conns) {
        if (c.nick === undefined) continue;
        for (const r of last.state.rooms.values()) {
          if (!r.members.has(id)) continue;
          expect([...(views.get(id)?.get(r.name) ?? [])].sort(), `${c.nick} in ${r.name}`).toEqual(selectMemberNicks(last.state, r.name).sort());
        }
      }
    },
  );
});
