import { map } from 'rxjs';
import { describe, expect, test } from 'vitest';
import type { Effect } from '../../src/effects.js';
import type { RoomEvent } from '../../src/events.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState } from '../../src/room-state.js';
import { coalescePresence } from '../../streams/coalesce-presence.js';
import { createTestScheduler } from '../helpers/test-scheduler.js';

const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0, maxPerAddress: 1_000 });
const opened = (conn: number): RoomEvent => ({ type: 'conn/opened', conn, address: `127.0.0.1:${conn}`, at: 1 });
const hello = (conn: number, nick: string): RoomEvent => ({ type: 'conn/frame-received', conn, frame: { type: 'hello', version: 1, nick }, at: 2 });
const say = (conn: number, text: string): RoomEvent => ({ type: 'conn/frame-received', conn, frame: { type: 'say', text }, at: 3 });
const rename = (conn: number, nick: string): RoomEvent => ({ type: 'conn/frame-received', conn, frame: { type: 'nick', nick }, at: 3 });
const closed = (conn: number): RoomEvent => ({ type: 'conn/closed', conn, cause: 'gone', at: 4 });

/** The steps of folding `events` from the start; the first `skip` are setup and dropped. */
function stepsOf(events: readonly RoomEvent[], skip = 0): Step[] {
  const steps: Step[] = [];
  let state = initialRoomState;
  for (const event of events) {
    const step = reduce(state, event);
    steps.push(step);
    state = step.state;
  }
  return steps.slice(skip);
}

/** What a step tells rooms, in order: `+ann` a lone join, `-ann` a lone leave, `[+a+b-c]` a presence frame (`q` quiet), `m` a message, `n` a rename; `.` nothing. */
function told(step: Step): string {
  const out = step.effects.map(tellOf).join('');
  return out === '' ? '.' : out;
}

function tellOf(effect: Effect): string {
  if (effect.type === 'presence') return '!'; // never let through: the operator takes every one
  if (effect.type === 'multicast') return 'n';
  if (effect.type !== 'broadcast') return '';
  const f = effect.frame;
  if (f.type === 'joined') return `+${f.nick}`;
  if (f.type === 'left') return `-${f.nick}`;
  if (f.type === 'message') return 'm';
  if (f.type === 'presence') return `[${f.quiet ? 'q' : ''}${f.joined.map((n) => `+${n}`).join('')}${f.left.map((l) => `-${l.nick}`).join('')}]`;
  return '?';
}

const coalesce = (limit = 200) => coalescePresence({ windowMs: 10, limit });

/** A marble with one value at each frame of `at` (keyed by its frame, see `keyed`), `-` between. */
function marble(at: ReadonlyMap<number, unknown>): string {
  const last = Math.max(...at.keys());
  return Array.from({ length: last + 1 }, (_, t) => (at.has(t) ? key(t) : '-')).join('');
}
const pad = (n: number) => String(n).padStart(3, '0');
const key = (t: number) => String.fromCharCode(0x100 + t);
const keyed = <T>(at: ReadonlyMap<number, T>): Record<string, T> => Object.fromEntries([...at].map(([t, v]) => [key(t), v]));

describe('[PRESENCE] coalescePresence', () => {
  test('never, empty, error: nothing added; the source is released', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const never = cold<Step>('-');
      const empty = cold<Step>('|');
      const failing = cold<Step>('-#');
      expectObservable(never.pipe(coalesce())).toBe('-');
      expectObservable(empty.pipe(coalesce())).toBe('|');
      expectObservable(failing.pipe(coalesce())).toBe('-#');
      expectSubscriptions(empty.subscriptions).toBe('(^!)');
      expectSubscriptions(failing.subscriptions).toBe('^!');
    });
  });

  test('one join: its step passes without it, then the window tells it alone, as `joined`', () => {
    const [a, b] = stepsOf([opened(1), hello(1, 'ann'), opened(2), hello(2, 'bob')], 2);
    createTestScheduler().run(({ cold, expectObservable }) => {
      const steps = cold('ab', { a: a!, b: b! });
      // bob joins at 1 ms; the window ends 10 ms later and tells ann.
      expectObservable(steps.pipe(coalesce(), map(told))).toBe('ab 9ms c', { a: '.', b: '.', c: '+bob' });
    });
  });

  test('many joins in one window: one presence frame, each nick once, in the order of last changes', () => {
    const steps = stepsOf([opened(1), hello(1, 'ann'), opened(2), opened(3), opened(4), hello(2, 'bob'), hello(3, 'cyn'), closed(2), hello(4, 'dan')], 2);
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcdefg', Object.fromEntries(steps.map((s, i) => [String.fromCharCode(97 + i), s])));
      // The window opens with bob's join at 2 ms and ends 10 ms after the last change (dan, at 6 ms);
      // bob left again, so he is told as a leave.
      expectObservable(source.pipe(coalesce(), map(told))).toBe('abcdefg 9ms h', {
        a: '.', b: '.', c: '.', d: '.', e: '.', f: '.', g: '.', h: '[+cyn+dan-bob]',
      });
    });
  });

  test('[PRESENCE-WINDOW-STORM] joins that never pause are told at the window\'s longest, the rest once the room is quiet', () => {
    // Spacing 10 ms (a small room), so a window lasts at most 50 ms; 20 joins 4 ms apart from 1 ms.
    const joins = Array.from({ length: 20 }, (_, i) => i + 2);
    const setup = [opened(1), hello(1, 'ann'), ...joins.map(opened)];
    const steps = stepsOf([...setup, ...joins.map((c) => hello(c, `u${pad(c)}`))], setup.length);
    const at = new Map(steps.map((step, i) => [1 + 4 * i, step]));
    createTestScheduler().run(({ cold, expectObservable }) => {
      const names = (from: number, to: number) => joins.slice(from, to).map((c) => `+u${pad(c)}`).join('');
      // The first window opens at 1 and ends at its longest, 51, with the 13 joins up to 49; the next
      // opens at 53, may not end before 51 + 10, and ends 10 ms after the last join (77): at 87.
      const expected = new Map<number, string>([...[...at.keys()].map((t): [number, string] => [t, '.']), [51, `[${names(0, 13)}]`], [87, `[${names(13, 20)}]`]]);
      expectObservable(cold(marble(at), keyed(at)).pipe(coalesce(1_000), map(told))).toBe(marble(expected), keyed(expected));
    });
  });

  test('[PRESENCE-WINDOW-SCALE] a lone join is told after the base; the next not before the spacing since', () => {
    // 199 members, then three joins: the room of 200 has a spacing of 20 ms, the base is 10.
    const crowd = Array.from({ length: 199 }, (_, i) => i + 1);
    const setup = [...crowd.flatMap((c) => [opened(c), hello(c, `m${pad(c)}`)]), opened(200), opened(201), opened(202)];
    const [a, b, c] = stepsOf([...setup, hello(200, 'ann'), hello(201, 'bob'), hello(202, 'cyd')], setup.length);
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = new Map([[1, a!], [15, b!], [60, c!]]);
      // ann at 1: told at 11. bob at 15: 25 is too soon after 11 (spacing 20): told at 31. cyd at 60,
      // after the spacing: told at 70.
      const expected = new Map([[1, '.'], [11, '+ann'], [15, '.'], [31, '+bob'], [60, '.'], [70, '+cyd']]);
      expectObservable(cold(marble(source), keyed(source)).pipe(coalesce(1_000), map(told))).toBe(marble(expected), keyed(expected));
    });
  });

  test('[PRESENCE-ORDER] a message to the room, or a rename, first flushes what the room was not told', () => {
    const steps = stepsOf([opened(1), hello(1, 'ann'), opened(2), hello(2, 'bob'), say(2, 'hi'), opened(3), hello(3, 'cyn'), rename(3, 'cyril')], 2);
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-e-f', Object.fromEntries(steps.map((s, i) => [String.fromCharCode(97 + i), s])));
      // The window opened at bob's join is empty when it ends: no step of its own.
      expectObservable(source.pipe(coalesce(), map(told))).toBe('a-b-c-d-e-f', { a: '.', b: '.', c: '+bobm', d: '.', e: '.', f: '+cynn' });
    });
  });

  test('[PRESENCE-LIMIT] above the limit, even a lone change is a quiet presence frame', () => {
    const [a, b] = stepsOf([opened(1), hello(1, 'ann'), opened(2), hello(2, 'bob')], 2);
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab', { a: a!, b: b! }).pipe(coalesce(1), map(told))).toBe('ab 9ms c', { a: '.', b: '.', c: '[q+bob]' });
    });
  });

  test('a source that completes flushes what is pending at once; a later window has nothing to tell', () => {
    const [a, b] = stepsOf([opened(1), hello(1, 'ann'), opened(2), hello(2, 'bob')], 2);
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|', { a: a!, b: b! }).pipe(coalesce(), map(told))).toBe('ab(c|)', { a: '.', b: '.', c: '+bob' });
    });
  });

  test('early unsubscribe tears down the source and the window timer: nothing after it', () => {
    const [a, b] = stepsOf([opened(1), hello(1, 'ann'), opened(2), hello(2, 'bob')], 2);
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('ab------', { a: a!, b: b! });
      expectObservable(source.pipe(coalesce(), map(told)), '^--!').toBe('ab', { a: '.', b: '.' });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  test('steps without presence pass through as the same objects', () => {
    const [a] = stepsOf([opened(1), hello(1, 'ann'), opened(2), hello(2, 'bob'), say(1, 'hi')], 4);
    const seen: Step[] = [];
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: a! }).pipe(coalesce(), map((s) => (seen.push(s), told(s))))).toBe('a|', { a: 'm' });
    });
    expect(seen[0]).toBe(a);
  });
});
