import { map } from 'rxjs';
import { describe, test } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState } from '../../src/room-state.js';
import { createMemoryRoomStore } from '../../streams/room-store.js';
import { createTestScheduler } from '../helpers/test-scheduler.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0 });
const store = () => createMemoryRoomStore(reduce, initialRoomState);
const opened = (conn: number): RoomEvent => ({ type: 'conn/opened', conn, address: `127.0.0.1:${conn}`, at: 1 });
const hello = (conn: number, nick: string): RoomEvent => ({ type: 'conn/frame-received', conn, frame: { type: 'hello', version: 1, nick }, at: 2 });
const say = (conn: number, text: string): RoomEvent => ({ type: 'conn/frame-received', conn, frame: { type: 'say', text }, at: 3 });
const members = (step: { state: typeof initialRoomState }) => step.state.conns.size;

describe('[ROOM-STORE] memory store', () => {
  test('never, empty: no step; errors pass through', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const never = cold<RoomEvent>('-');
      const empty = cold<RoomEvent>('|');
      const failing = cold<RoomEvent>('-#');
      expectObservable(never.pipe(store().fold)).toBe('-');
      expectObservable(empty.pipe(store().fold)).toBe('|');
      expectObservable(failing.pipe(store().fold)).toBe('-#');
      expectSubscriptions(empty.subscriptions).toBe('(^!)');
    });
  });

  test('one step per event, folding the reducer in order', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const events = cold('ab-c|', { a: opened(1), b: opened(2), c: hello(1, 'alice') });
      expectObservable(events.pipe(store().fold, map(members))).toBe('ab-c|', { a: 1, b: 2, c: 2 });
    });
  });

  test('effects of each step are that event\'s only; a message is broadcast once', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const events = cold('abcde|', { a: opened(1), b: opened(2), c: hello(1, 'alice'), d: hello(2, 'bob'), e: say(1, 'hi') });
      const out = events.pipe(store().fold, map((step) => step.effects.filter((e) => e.type === 'broadcast' && e.frame.type === 'message').length));
      expectObservable(out).toBe('abcde|', { a: 0, b: 0, c: 0, d: 0, e: 1 });
    });
  });

  test('each subscription starts from the initial state; early unsubscribe tears down', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const events = cold('a-b-c', { a: opened(1), b: opened(2), c: opened(3) });
      const folded = events.pipe(store().fold, map(members));
      expectObservable(folded, '^--!').toBe('a-b', { a: 1, b: 2 });
      expectObservable(folded).toBe('a-b-c', { a: 1, b: 2, c: 3 });
      expectSubscriptions(events.subscriptions).toBe(['^--!', '^']);
    });
  });
});
