import { describe, expect, test } from 'vitest';
import { LOBBY } from '../../src/protocol.js';
import { ClientHarness } from './client-harness.js';

const says = (h: ClientHarness) => h.effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'say' ? [e.frame] : []));

describe('[TUI-RECONNECT] a connection lost and found again', () => {
  test('in-flight messages are reported, offline ones are sent once after the new welcome, nothing twice', () => {
    const h = new ClientHarness('alice');
    h.connect();
    expect(h.effects.at(-1)).toMatchObject({ type: 'send', frame: { type: 'hello', nick: 'alice' } });
    h.welcome();
    h.type('first');
    expect(says(h).map((f) => f.text)).toEqual(['first']);
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'own', text: 'first', delivery: 'sent' });
    h.drop();
    expect(h.state.log.entries.some((e) => e.kind === 'own' && e.text === 'first' && e.delivery === 'unconfirmed')).toBe(true);
    expect(h.state.log.entries.some((e) => e.kind === 'system' && e.text.includes('"first"'))).toBe(true);
    h.type('second');
    expect(says(h)).toHaveLength(1);
    expect(h.state.outbox).toMatchObject([{ text: 'second', status: 'queued' }]);
    h.connect();
    expect(h.effects.at(-1)).toMatchObject({ type: 'send', frame: { type: 'hello', nick: 'alice' } });
    expect(says(h)).toHaveLength(1);
    h.welcome();
    expect(says(h).map((f) => f.text)).toEqual(['first', 'second']);
    h.answer(0, false);
    expect(h.state.outbox).toEqual([]);
    expect(h.state.log.entries.find((e) => e.kind === 'own' && e.text === 'second')).toMatchObject({ delivery: 'acked' });
    h.type('/resend');
    expect(says(h).map((f) => f.text)).toEqual(['first', 'second', 'first']);
  });

  test('a taken nickname goes back to the prompt, and the new one is registered', () => {
    const h = new ClientHarness(null);
    expect(h.state.phase).toBe('prompt');
    h.connect();
    h.type('x');
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'system', tone: 'error' });
    h.type('bob');
    expect(h.effects.at(-1)).toMatchObject({ type: 'send', frame: { type: 'hello', nick: 'bob' } });
    h.frame({ type: 'error', code: 'NICK_TAKEN', message: 'nickname "bob" is taken', fatal: false });
    expect(h.state.phase).toBe('prompt');
    h.type('bobby');
    h.welcome();
    expect(h.state).toMatchObject({ phase: 'chatting', nick: 'bobby', registered: true });
  });

  test('a mention rings the bell unless --no-bell; ignored nicks are hidden', () => {
    const h = new ClientHarness('alice');
    h.connect();
    h.welcome();
    h.frame({ type: 'message', id: 1, ts: 1, room: LOBBY, from: 'bob', text: 'hey Alice!' });
    expect(h.effects.at(-1)).toEqual({ type: 'bell' });
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'message', mention: true });
    h.type('/ignore bob');
    const before = h.state.log.entries.length;
    h.frame({ type: 'message', id: 2, ts: 1, room: LOBBY, from: 'Bob', text: 'hello' });
    expect(h.state.log.entries).toHaveLength(before);
    const quiet = new ClientHarness('alice', 20, { cols: 80, rows: 24 }, false);
    quiet.connect();
    quiet.welcome();
    quiet.frame({ type: 'message', id: 1, ts: 1, room: LOBBY, from: 'bob', text: 'alice: hi' });
    expect(quiet.effects.some((e) => e.type === 'bell')).toBe(false);
  });

  test('/quit says goodbye and exits when the server closes; offline it exits at once', () => {
    const h = new ClientHarness('alice');
    h.connect();
    h.welcome();
    h.type('/quit bye all');
    expect(h.effects.slice(-2)).toMatchObject([{ type: 'send', frame: { type: 'quit', reason: 'bye all' } }, { type: 'schedule' }]);
    h.drop();
    expect(h.effects.at(-1)).toEqual({ type: 'exit', code: 0 });
    const offline = new ClientHarness('alice');
    offline.feed({ type: 'key/pressed', key: 'interrupt' });
    expect(offline.effects).toEqual([{ type: 'exit', code: 0 }]);
  });
});

describe('[TUI-RATE] the server asks to slow down', () => {
  test('a rate-limited message is queued again, in order, and sent once the wait is over', () => {
    const h = new ClientHarness('alice');
    h.connect();
    h.welcome();
    h.type('one');
    h.type('two');
    const [one, two] = h.inFlight;
    h.inFlight.splice(0);
    h.frame({ type: 'ack', id: 1, ts: 5, ref: one! });
    const effects = h.frame({ type: 'error', code: 'RATE_LIMITED', message: 'slow down', fatal: false, ref: two!, retryAfterMs: 400 });
    expect(effects).toEqual([{ type: 'schedule', event: { type: 'clock/send-due' }, delayMs: 400 }]);
    expect(h.state.outbox).toMatchObject([{ ref: two, status: 'queued' }]);
    h.type('three');
    expect(h.state.outbox).toMatchObject([{ text: 'two', status: 'queued' }, { text: 'three', status: 'queued' }]);
    expect(h.feed({ type: 'clock/send-due' })).toMatchObject([{ type: 'send', frame: { type: 'say', text: 'two', ref: two } }]);
    const next = h.frame({ type: 'ack', id: 2, ts: 6, ref: two! });
    expect(next).toMatchObject([{ type: 'send', frame: { type: 'say', text: 'three' } }]);
    expect(h.state.log.entries.filter((e) => e.kind === 'own').map((e) => e.kind === 'own' && e.delivery)).toEqual(['acked', 'acked', 'sent']);
  });
});

describe('[TUI-HISTORY-REPLAY] history replayed after a reconnect', () => {
  test('messages already shown are not shown twice; older ones go above them, by id', () => {
    const h = new ClientHarness('alice', 50);
    h.connect();
    h.welcome();
    h.frame({ type: 'message', id: 1, ts: 100, room: LOBBY, from: 'bob', text: 'one' });
    h.type('two');
    h.answer(0, false);
    const ackTs = h.state.log.entries.find((e) => e.kind === 'own')!.ts;
    h.drop();
    h.connect();
    h.welcome();
    const before = h.state.log.entries.length;
    h.frame({ type: 'message', id: 0, ts: 50, room: LOBBY, from: 'bob', text: 'zero', history: true });
    h.frame({ type: 'message', id: 1, ts: 100, room: LOBBY, from: 'bob', text: 'one', history: true });
    h.frame({ type: 'message', id: 2, ts: ackTs, room: LOBBY, from: 'alice', text: 'two', history: true });
    expect(h.state.log.entries.length).toBe(before + 1);
    expect(h.state.log.entries.filter((e) => e.kind !== 'system').map((e) => 'text' in e && e.text)).toEqual(['zero', 'one', 'two']);
  });
});

describe('[TUI-QUIT] leaving with messages still queued', () => {
  test('the first /quit or Ctrl-C warns, the second leaves', () => {
    const h = new ClientHarness('alice');
    h.type('typed before connecting');
    h.feed({ type: 'key/pressed', key: 'interrupt' });
    expect(h.effects).toEqual([]);
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'system', text: expect.stringContaining('1 message is not sent yet') });
    h.feed({ type: 'key/pressed', key: 'interrupt' });
    expect(h.effects).toEqual([{ type: 'exit', code: 0 }]);
  });
});

describe('[TUI-ROOMS] rooms', () => {
  test('a joined room becomes current; /join of a room already joined switches back to it', () => {
    const h = new ClientHarness('alice');
    h.connect();
    h.welcome();
    h.type('/join #dev');
    expect(h.effects.at(-1)).toEqual({ type: 'send', frame: { type: 'join', room: '#dev' } });
    h.frame({ type: 'room', room: '#dev', topic: 'code', topicLocked: false, count: 2, members: ['alice'] });
    expect(h.state.room).toBe('#dev');
    h.frame({ type: 'message', id: 1, ts: 1, room: LOBBY, from: 'bob', text: 'meanwhile' });
    expect(h.state.rooms.get(LOBBY)).toMatchObject({ unread: 1, mentioned: false });
    h.frame({ type: 'message', id: 2, ts: 2, room: LOBBY, from: 'bob', text: 'alice?' });
    expect(h.state.rooms.get(LOBBY)).toMatchObject({ unread: 2, mentioned: true });
    h.type('/join #lobby');
    expect(h.state.room).toBe(LOBBY);
    expect(h.state.rooms.get(LOBBY)).toMatchObject({ unread: 0, mentioned: false });
    h.type('hello lobby');
    expect(h.effects.at(-1)).toMatchObject({ type: 'send', frame: { type: 'say', room: LOBBY, text: 'hello lobby' } });
  });
});

describe('[SERVER-FAILOVER] the terminal client moving between the servers of a list', () => {
  test('a drop on test:1: the next server is named once, shown in the status bar, and the session goes on there', () => {
    const h = new ClientHarness('alice');
    h.feed({ type: 'conn/connecting', server: 'test:1' });
    h.connect();
    h.welcome();
    h.drop();
    h.feed({ type: 'conn/retry-scheduled', attempt: 1, delayMs: 120, server: 'other:2' });
    expect(h.state.conn).toMatchObject({ status: 'offline', server: 'other:2', retryInMs: 120 });
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'system', text: 'trying other:2 next' });
    h.feed({ type: 'conn/connecting', server: 'other:2' });
    h.feed({ type: 'conn/failed', cause: 'connection refused', server: 'other:2' });
    const lines = h.state.log.entries.length;
    // A second round of a long outage adds nothing to the scrollback; the status bar says it all.
    h.feed({ type: 'conn/retry-scheduled', attempt: 2, delayMs: 500, server: 'test:1' });
    expect(h.state.log.entries).toHaveLength(lines);
    expect(h.state.conn).toMatchObject({ server: 'test:1', attempt: 2 });
    h.feed({ type: 'conn/connecting', server: 'test:1' });
    h.connect();
    expect(h.effects.at(-1)).toMatchObject({ type: 'send', frame: { type: 'hello', nick: 'alice' } });
    expect(h.state.conn).toMatchObject({ status: 'online', server: 'test:1', attempt: 0 });
  });

  test('the first server of the list refuses at start: its name and cause are said', () => {
    const h = new ClientHarness('alice');
    h.feed({ type: 'conn/connecting', server: 'test:1' });
    h.feed({ type: 'conn/failed', cause: 'connection refused', server: 'test:1' });
    expect(h.state.log.entries.at(-1)).toMatchObject({ kind: 'system', text: 'cannot connect to test:1: connection refused' });
  });
});
