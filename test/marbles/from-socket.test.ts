import { map } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { fromSocket } from '../../streams/from-socket.js';
import { FakeSocket } from '../helpers/fake-socket.js';
import { createTestScheduler } from '../helpers/test-scheduler.js';

/** Emits `events` on the fake at the given virtual frames. */
function drive(scheduler: ReturnType<typeof createTestScheduler>, socket: FakeSocket, events: [number, string, unknown?][]) {
  for (const [frame, name, value] of events) scheduler.schedule(() => socket.emit(name, value), frame);
}

describe('fromSocket', () => {
  test('data until close: values then completion; listeners removed and the socket destroyed', () => {
    const scheduler = createTestScheduler();
    const socket = new FakeSocket();
    scheduler.run(({ expectObservable }) => {
      drive(scheduler, socket, [[1, 'data', Buffer.from('a')], [3, 'data', Buffer.from('b')], [5, 'close']]);
      expectObservable(fromSocket(socket).pipe(map(String))).toBe('-a-b-|');
    });
    expect(socket.listening()).toBe(0);
    expect(socket.destroyCalls).toBe(1);
  });

  test('never: a silent socket keeps the stream open and the listeners on', () => {
    const scheduler = createTestScheduler();
    const socket = new FakeSocket();
    scheduler.run(({ expectObservable }) => {
      expectObservable(fromSocket(socket)).toBe('-');
      scheduler.schedule(() => expect(socket.listening()).toBe(3), 5);
    });
  });

  test('error: the socket error ends the stream, and teardown still runs', () => {
    const scheduler = createTestScheduler();
    const socket = new FakeSocket();
    const boom = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    scheduler.run(({ expectObservable }) => {
      drive(scheduler, socket, [[1, 'data', Buffer.from('a')], [2, 'error', boom], [3, 'data', Buffer.from('late')]]);
      expectObservable(fromSocket(socket).pipe(map(String))).toBe('-a#', { a: 'a' }, boom);
    });
    expect(socket.listening()).toBe(0);
    expect(socket.destroyCalls).toBe(1);
  });

  test('early unsubscribe: nothing after it, listeners removed, socket destroyed once', () => {
    const scheduler = createTestScheduler();
    const socket = new FakeSocket();
    scheduler.run(({ expectObservable }) => {
      drive(scheduler, socket, [[1, 'data', Buffer.from('a')], [4, 'data', Buffer.from('b')], [6, 'close']]);
      expectObservable(fromSocket(socket).pipe(map(String)), '^--!').toBe('-a-');
    });
    expect(socket.listening()).toBe(0);
    expect(socket.destroyCalls).toBe(1);
  });

  test('each subscription attaches its own listeners', () => {
    const socket = new FakeSocket();
    const a = fromSocket(socket).subscribe();
    const b = fromSocket(socket).subscribe();
    expect(socket.listening()).toBe(6);
    a.unsubscribe();
    expect(socket.listening()).toBe(3);
    b.unsubscribe();
    expect(socket.listening()).toBe(0);
  });
});
