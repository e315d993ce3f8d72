import { Subject } from 'rxjs';
import { describe, expect, test } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { createMemoryLog } from '../../streams/log/memory-log.js';
import { createLoggedRoomStore } from '../../streams/logged-room-store.js';
import { canonical } from '../helpers/rooms-commands.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0 });

/** A store over a memory log whose end-of-turn flushes run only when the test says so. */
function harness(log = createMemoryLog({ keepEvents: true, keepPerRoom: 100 }), snapshotEvery = 1_000) {
  const turns: (() => void)[] = [];
  const store = createLoggedRoomStore({
    log, reduce, snapshotEvery, snapshotIntervalMs: Number.POSITIVE_INFINITY, now: () => 0, defer: (fn) => turns.push(fn),
  });
  const events = new Subject<RoomEvent>();
  const steps: Step[] = [];
  store.fold(events).subscribe((step) => steps.push(step));
  const endTurn = () => turns.splice(0).forEach((fn) => fn());
  return { log, store, events, steps, endTurn };
}

let at = 100;
const opened = (conn: number): RoomEvent => ({ type: 'conn/opened', conn, address: `10.0.0.1:${conn}`, at: ++at, resumeHash: `h${conn}` });
const frame = (conn: number, f: Extract<RoomEvent, { type: 'conn/frame-received' }>['frame']): RoomEvent => ({ type: 'conn/frame-received', conn, frame: f, at: ++at });

function twoMembers(h: ReturnType<typeof harness>): void {
  for (const e of [opened(1), opened(2), frame(1, { type: 'hello', version: 1, nick: 'alice' }), frame(2, { type: 'hello', version: 1, nick: 'bob' })]) h.events.next(e);
  h.endTurn();
}

describe('[WRITE-FIRST] the logged room store', () => {
  test('no step leaves before the turn is committed; then all of them, in order, once', () => {
    const h = harness();
    twoMembers(h);
    const before = h.steps.length;
    h.events.next(frame(1, { type: 'say', text: 'one', ref: 'a' }));
    h.events.next(frame(1, { type: 'say', text: 'two', ref: 'b' }));
    expect(h.steps.length).toBe(before);
    expect(h.log.archive.history({ room: '#lobby', limit: 10 })).toEqual([]);
    h.endTurn();
    expect(h.steps.length).toBe(before + 2);
    expect(h.log.archive.history({ room: '#lobby', limit: 10 }).map((m) => m.text)).toEqual(['one', 'two']);
    const acks = h.steps.slice(before).flatMap((s) => s.effects).filter((e) => e.type === 'send' && e.frame.type === 'ack');
    expect(acks).toHaveLength(2);
  });

  test('[GROUP-COMMIT] one commit per turn, holding only the events that changed the state', () => {
    const log = createMemoryLog({ keepEvents: true, keepPerRoom: 100 });
    const commits: number[] = [];
    const counted = { ...log, commit: (events: readonly RoomEvent[], messages: Parameters<typeof log.commit>[1]) => (commits.push(events.length), log.commit(events, messages)) };
    const h = harness(counted);
    twoMembers(h);
    h.events.next(frame(1, { type: 'names', room: '#nowhere' }));
    h.events.next(frame(1, { type: 'say', text: 'x' }));
    h.endTurn();
    // The refused `names` changed nothing (flood control is off), so it is not in the log.
    expect(commits).toEqual([4, 1]);
    expect(log.load().tail.some((e) => e.type === 'conn/frame-received' && e.frame.type === 'names')).toBe(false);
    expect(log.load().lastSeq).toBe(5);
  });

  test('a new store over the same log replays it to the same state', () => {
    const h = harness();
    twoMembers(h);
    h.events.next(frame(1, { type: 'join', room: '#dev' }));
    h.events.next(frame(1, { type: 'topic', room: '#dev', text: 'kept' }));
    h.events.next(frame(2, { type: 'say', text: 'hi' }));
    h.endTurn();
    const again = createLoggedRoomStore({ log: h.log, reduce, snapshotEvery: 1_000, snapshotIntervalMs: 1e9, now: () => 0 });
    expect(canonical(again.state)).toEqual(canonical(h.store.state));
    expect(again.recovered).toEqual({ events: 7, snapshot: false });
  });

  test('[SNAPSHOT] past `snapshotEvery` events a snapshot is taken and the log compacted; recovery is the same', () => {
    const h = harness(undefined, 3);
    twoMembers(h);
    h.events.next(frame(2, { type: 'say', text: 'after' }));
    h.endTurn();
    const loaded = h.log.load();
    expect(loaded.snapshot?.seq).toBe(4);
    expect(loaded.tail).toHaveLength(1);
    const again = createLoggedRoomStore({ log: h.log, reduce, snapshotEvery: 3, snapshotIntervalMs: 1e9, now: () => 0 });
    expect(canonical(again.state)).toEqual(canonical(h.store.state));
    expect(again.recovered).toEqual({ events: 1, snapshot: true });
  });

  test('[STORAGE-FAILED] a failed commit refuses the turn\'s messages with their refs, keeps the rest for the next commit', () => {
    const h = harness();
    twoMembers(h);
    h.log.failNext(new Error('SQLITE_FULL: database or disk is full'));
    h.events.next(frame(1, { type: 'join', room: '#dev' }));
    h.events.next(frame(1, { type: 'say', text: 'lost?', ref: 'r1' }));
    h.endTurn();
    const effects = h.steps.slice(-3).flatMap((s) => s.effects);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'send', to: 1, frame: expect.objectContaining({ type: 'error', code: 'STORAGE_FAILED', ref: 'r1' }) }));
    expect(effects.some((e) => e.type === 'send' && e.frame.type === 'ack')).toBe(false);
    expect(effects.some((e) => e.type === 'broadcast' && e.frame.type === 'message')).toBe(false);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'log', level: 'warn' }));
    expect(h.store.state.rooms.get('#dev')?.members.has(1)).toBe(true);
    expect(h.store.state.nextMessageId).toBe(1);
    // The disk has room again: the join waits in memory and goes with the next turn, before it.
    h.events.next(frame(1, { type: 'say', text: 'again', ref: 'r2' }));
    h.endTurn();
    expect(h.log.load().tail.slice(-2).map((e) => e.type === 'conn/frame-received' && e.frame.type)).toEqual(['join', 'say']);
    expect(h.log.archive.history({ room: '#lobby', limit: 10 }).map((m) => m.text)).toEqual(['again']);
  });

  test('completion flushes the last turn before completing', () => {
    const h = harness();
    twoMembers(h);
    h.events.next(frame(2, { type: 'say', text: 'last words' }));
    h.events.complete();
    expect(h.log.archive.history({ room: '#lobby', limit: 10 }).map((m) => m.text)).toEqual(['last words']);
  });
});
