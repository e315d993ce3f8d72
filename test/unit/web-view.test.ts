import { describe, expect, test } from 'vitest';
import type { Entry } from '../../src/client/client-entry.js';
import { inView } from '../../web/view.js';

/** [WEB-VIEW] Which entries a room shows and which a private tab shows. */
const base = { seq: 1, session: 0, ts: 0, action: false };
const inRoom: Entry = { ...base, kind: 'message', room: '#dev', from: 'bob', text: 'hi', mention: false, history: false };
const system: Entry = { ...base, kind: 'system', room: undefined, tone: 'error', text: 'connection lost' };
const fromBob: Entry = { ...base, kind: 'private', room: undefined, from: 'Bob', to: 'alice', text: 'psst' };
const toBob: Entry = { ...base, kind: 'own', room: undefined, from: 'alice', to: 'bob', text: 'yes', ref: 'r1', delivery: 'acked' };
const ownSaid: Entry = { ...base, kind: 'own', room: '#dev', from: 'alice', to: undefined, text: 'hello', ref: 'r2', delivery: 'sent' };

describe('[WEB-VIEW] inView', () => {
  test('a room shows its messages, its own lines and room-less system lines, never a private one', () => {
    const dev = { kind: 'room', room: '#dev' } as const;
    expect([inRoom, system, fromBob, toBob, ownSaid].map((e) => inView(e, dev))).toEqual([true, true, false, false, true]);
    expect(inView(inRoom, { kind: 'room', room: '#lobby' })).toBe(false);
  });

  test('a private tab shows both sides of that conversation, whatever the case of the nickname, and nothing else', () => {
    const bob = { kind: 'private', nick: 'bob' } as const;
    expect([inRoom, system, fromBob, toBob, ownSaid].map((e) => inView(e, bob))).toEqual([false, false, true, true, false]);
    expect(inView(fromBob, { kind: 'private', nick: 'carol' })).toBe(false);
  });
});
