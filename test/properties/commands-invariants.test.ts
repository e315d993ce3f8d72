import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { encodeLegacy } from '../../src/legacy-codec.js';
import { decodeServerFrame, encodeFrame } from '../../src/native-codec.js';
import { foldNick } from '../../src/nickname.js';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { hostOf, initialRoomState, type RoomState } from '../../src/room-state.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import { closedBy, deliveries, membersOf, registered, type Delivery } from '../helpers/room-harness.js';
import { commandHistory, HISTORY_LIMIT, MAX_TEXT, sameMeaning, toEvent, type Cmd } from '../helpers/rooms-commands.js';
import { OPER_SECRET } from '../helpers/rooms-model.js';

/**
 * Issue 4's invariants, each checked on its own after every event of arbitrary command sequences
 * (joins, parts, renames, privates, history, moderation, drops, jumps of the clock). No reference
 * model here: each property only watches what the reducer sends, so a failure names one rule.
 */

const options = { ...defaultRoomOptions, maxTextLength: MAX_TEXT, historyLimit: HISTORY_LIMIT, operSecret: OPER_SECRET, floodRate: 0 };
const reduce = createRoomReducer(options);

interface Seen {
  readonly event: RoomEvent;
  readonly before: RoomState;
  readonly state: RoomState;
  readonly out: Delivery[];
  readonly closed: ConnId[];
  /** The frame, when the event was one. */
  readonly frame?: ClientFrame;
  readonly actor?: ConnId;
}

/** Folds a history and hands every event's outcome to `check`; the operators are tracked from the frames alone. */
function fold(cmds: readonly Cmd[], check: (seen: Seen, opers: ReadonlySet<ConnId>) => void): void {
  const clock = { at: 1_000_000, opened: [] as ConnId[] };
  let state = deepFreeze(initialRoomState);
  const opers = new Set<ConnId>();
  for (const c of cmds) {
    const event = toEvent(clock, c);
    if (event === undefined) continue;
    const step = deepFreeze(reduce(state, deepFreeze(event)));
    const frame = event.type === 'conn/frame-received' ? event.frame : undefined;
    const actor = 'conn' in event ? event.conn : undefined;
    const seen = { event, before: state, state: step.state, out: deliveries(step.state, step.effects), closed: closedBy(step.effects), frame, actor };
    check(seen, opers);
    // Operator status comes from the right secret, said by a registered connection; it ends with the connection.
    if (frame?.type === 'oper' && frame.secret === OPER_SECRET && state.conns.get(actor!)?.nick !== undefined) opers.add(actor!);
    for (const id of seen.closed) opers.delete(id);
    state = step.state;
  }
}

const live = (out: Delivery[]) => out.filter((d) => d.frame.type === 'message' && !d.frame.history);
const of = <T extends ServerFrame['type']>(out: Delivery[], type: T) => out.filter((d) => d.frame.type === type) as (Delivery & { frame: Extract<ServerFrame, { type: T }> })[];
const nickOf = (state: RoomState, id: ConnId | undefined) => (id === undefined ? undefined : state.conns.get(id)?.nick);
const active = (until: number | null | undefined, at: number) => until === null || (until !== undefined && until > at);

describe('issue 4 invariants, state and events frozen, after every event', () => {
  test.prop([commandHistory], { numRuns: 300 })('nicknames stay unique case-insensitively after any renames', (cmds) => {
    fold(cmds, ({ state }) => {
      const folded = [...registered(state).values()].map(foldNick);
      expect(new Set(folded).size).toBe(folded.length);
      expect([...state.nicks.keys()].sort()).toEqual([...folded].sort());
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('a private message reaches exactly its target, once, and only for an accepted msg', (cmds) => {
    fold(cmds, ({ before, state, out, frame, actor }) => {
      const privates = of(out, 'private');
      const acked = of(out, 'ack').some((d) => d.to === actor);
      if (frame?.type !== 'msg' || !acked) return void expect(privates).toEqual([]);
      const target = [...state.conns.values()].find((c) => c.nick !== undefined && foldNick(c.nick) === foldNick(frame.to))!;
      expect(privates.map((d) => [d.to, d.frame.from, d.frame.to])).toEqual([[target.id, nickOf(before, actor), target.nick]]);
      expect(live(out)).toEqual([]);
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('a room message reaches every other member of that room once, and nobody else', (cmds) => {
    fold(cmds, ({ state, out, actor }) => {
      const messages = live(out) as (Delivery & { frame: Extract<ServerFrame, { type: 'message' }> })[];
      if (messages.length === 0) return;
      const rooms = new Set(messages.map((d) => d.frame.room));
      expect(rooms.size).toBe(1);
      const [room] = rooms;
      expect(messages.map((d) => d.to).sort()).toEqual(membersOf(state, room!).filter((id) => id !== actor).sort());
      expect(messages.every((d) => d.frame.from === nickOf(state, actor))).toBe(true);
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('history goes to the one who joined or asked, oldest first, at most the limit, the room\'s last messages', (cmds) => {
    fold(cmds, ({ before, out, actor, frame }) => {
      const replay = out.filter((d) => d.frame.type === 'message' && d.frame.history) as (Delivery & { frame: Extract<ServerFrame, { type: 'message' }> })[];
      if (replay.length === 0) return;
      expect(frame?.type === 'join' || frame?.type === 'history' || frame?.type === 'hello').toBe(true);
      expect(replay.every((d) => d.to === actor)).toBe(true);
      expect(replay.length).toBeLessThanOrEqual(HISTORY_LIMIT);
      const ids = replay.map((d) => d.frame.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const room = replay[0]!.frame.room;
      const kept = before.rooms.get(room)?.history.toJSON() ?? [];
      expect(replay.map((d) => ({ ...d.frame, history: undefined }))).toEqual(kept.slice(kept.length - replay.length).map((m) => ({ ...m, history: undefined })));
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('a muted member cannot speak, in a room or in private, until the mute ends', (cmds) => {
    fold(cmds, ({ event, before, out, frame, actor }) => {
      const nick = nickOf(before, actor);
      if (nick === undefined || (frame?.type !== 'say' && frame?.type !== 'msg')) return;
      if (!active(before.mutes.get(foldNick(nick)), event.at)) return;
      expect(live(out)).toEqual([]);
      expect(of(out, 'private')).toEqual([]);
      expect(of(out, 'ack')).toEqual([]);
      expect(of(out, 'error').map((d) => d.to)).toEqual([actor]);
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('a banned nickname or host cannot register, by hello or by a rename, until the ban expires', (cmds) => {
    fold(cmds, ({ event, before, out, frame, actor, closed }) => {
      if (frame?.type !== 'hello' && frame?.type !== 'nick') return;
      const conn = before.conns.get(actor!);
      if (!conn) return;
      const bans = before.bans.filter((b) => active(b.until, event.at));
      const nickBanned = bans.some((b) => b.nick === foldNick(frame.nick));
      const hostBanned = bans.some((b) => b.host === hostOf(conn.address));
      if (frame.type === 'hello' && conn.nick === undefined && (nickBanned || hostBanned)) {
        expect(of(out, 'welcome')).toEqual([]);
        if (/^[A-Za-z0-9_-]{3,10}$/.test(frame.nick)) expect(closed).toEqual([actor]);
      }
      if (frame.type === 'nick' && nickBanned && conn.nick !== undefined && foldNick(conn.nick) !== foldNick(frame.nick)) expect(of(out, 'nick')).toEqual([]);
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('only operators kick, ban, unban, mute, unmute and lock topics', (cmds) => {
    fold(cmds, ({ before, state, out, frame, actor, closed }, opers) => {
      const moderation = ['kick', 'ban', 'unban', 'mute', 'unmute', 'lock-topic'];
      if (!frame || !moderation.includes(frame.type) || before.conns.get(actor!)?.nick === undefined || opers.has(actor!)) return;
      expect(out.map((d) => [d.to, d.frame.type === 'error' && d.frame.code])).toEqual([[actor, 'NOT_OPERATOR']]);
      expect(closed).toEqual([]);
      expect(state).toBe(before);
    });
  });

  test.prop([commandHistory], { numRuns: 200 })('every frame sent is one a native client decodes to the same frame ([FRAME-SHAPE])', (cmds) => {
    fold(cmds, ({ out }) => {
      for (const { frame } of out) expect(decodeServerFrame(encodeFrame(frame).trimEnd())).toEqual({ ok: true, value: frame });
    });
  });

  test.prop([commandHistory], { numRuns: 200 })('[LEGACY-LOBBY] nothing of another room, and no replayed history, has words for a legacy peer', (cmds) => {
    fold(cmds, ({ out }) => {
      for (const { frame } of out) {
        const room = 'room' in frame ? frame.room : undefined;
        const elsewhere = (room !== undefined && room !== '#lobby') || (frame.type === 'message' && frame.history === true);
        if (elsewhere) expect(encodeLegacy(frame, { registered: true }), JSON.stringify(frame)).toBeUndefined();
      }
    });
  });

  test.prop([commandHistory], { numRuns: 300 })('an event that changes nothing returns the very same state', (cmds) => {
    fold(cmds, ({ before, state }) => {
      if (sameMeaning(before, state)) expect(state).toBe(before);
    });
  });
});

describe('issue 4 examples found by the properties', () => {
  const at = 1_000_000;
  const open = (conn: ConnId, host: string): RoomEvent => ({ type: 'conn/opened', conn, address: `${host}:1`, at });
  const send = (conn: ConnId, frame: ClientFrame, t = at): RoomEvent => ({ type: 'conn/frame-received', conn, frame, at: t });
  const run = (events: RoomEvent[]) => events.reduce((s, e) => deepFreeze(reduce(s, deepFreeze(e)).state), deepFreeze(initialRoomState));
  const hello = (nick: string) => ({ type: 'hello', version: 1, nick }) as const;
  const base = () => run([open(1, '10.0.0.1'), open(2, '10.0.0.2'), send(1, hello('boss')), send(2, hello('dave')), send(1, { type: 'oper', secret: OPER_SECRET })]);

  // Found at a97d873: a rename took a banned nickname; fixed in b9e7cf5.
  test('a rename to a banned nickname is refused while the ban lasts, and allowed after it', () => {
    const banned = run([open(1, '10.0.0.1'), open(2, '10.0.0.2'), open(3, '10.0.0.3'), send(1, hello('boss')), send(2, hello('dave')), send(3, hello('eve')),
      send(1, { type: 'oper', secret: OPER_SECRET }), send(1, { type: 'ban', nick: 'dave', durationMs: 1_000 })]);
    const during = reduce(banned, send(3, { type: 'nick', nick: 'DAVE' }, at + 999));
    expect(deliveries(during.state, during.effects).map((d) => d.frame)).toEqual([expect.objectContaining({ type: 'error', code: 'NICK_TAKEN', message: 'nickname "DAVE" is banned' })]);
    expect(during.state).toBe(banned);
    const after = reduce(banned, send(3, { type: 'nick', nick: 'DAVE' }, at + 1_000));
    expect(registered(after.state).get(3)).toBe('DAVE');
  });

  // Found by test/integration/rooms-moderation at a97d873 ("muted for 600s" right after "muted for 10m"); fixed with this test.
  test('a muted member is told what is left of the mute in whole units', () => {
    const muted = deepFreeze(reduce(base(), send(1, { type: 'mute', nick: 'dave', durationMs: 600_000 })).state);
    const said = (t: number) => deliveries(muted, reduce(muted, send(2, { type: 'say', text: 'hi' }, t)).effects).map((d) => (d.frame as { message?: string }).message);
    expect(said(at + 1)).toEqual(['you are muted for 10m']);
    expect(said(at + 1_500)).toEqual(['you are muted for 599s']);
    expect(said(at + 600_000)).toEqual([undefined, undefined]);
  });

  // Found by the model test at a97d873: a lock said the operator had set the topic, a query said who had; fixed with this test.
  test('locking a topic keeps who set it, as a /topic query says', () => {
    const set = deepFreeze(reduce(base(), send(2, { type: 'topic', room: '#lobby', text: 'be kind' })).state);
    const lock = reduce(set, send(1, { type: 'lock-topic', room: '#lobby', locked: true }));
    const query = reduce(deepFreeze(lock.state), send(2, { type: 'topic', room: '#lobby' }));
    const topics = [...deliveries(lock.state, lock.effects), ...deliveries(query.state, query.effects)].filter((d) => d.to === 2).map((d) => d.frame);
    expect(topics).toEqual([expect.objectContaining({ topic: 'be kind', by: 'dave', locked: true }), expect.objectContaining({ topic: 'be kind', by: 'dave', locked: true })]);
  });

  // Found at a97d873: these no-ops returned a new state; fixed in 7a9e278.
  test.each<[string, ClientFrame[]]>([
    ['a repeated /away', [{ type: 'away', reason: 'lunch' }, { type: 'away', reason: 'lunch' }]],
    ['/back when not away', [{ type: 'away' }]],
    ['/oper when already an operator', [{ type: 'oper', secret: OPER_SECRET }]],
    ['the same /mute again', [{ type: 'mute', nick: 'dave' }, { type: 'mute', nick: 'dave' }]],
    ['clearing an absent topic', [{ type: 'topic', room: '#lobby', text: '' }]],
  ])('%s returns the same state', (_, frames) => {
    let state = base();
    for (const f of frames.slice(0, -1)) state = deepFreeze(reduce(state, send(1, f)).state);
    expect(reduce(state, send(1, frames[frames.length - 1]!)).state).toBe(state);
  });
});
