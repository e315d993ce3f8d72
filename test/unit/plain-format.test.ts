import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../src/commands.js';
import { formatPlain, type PlainView } from '../../src/plain-format.js';
import { initialPlainState, reducePlain, type PlainInput, type PlainOutput, type PlainState } from '../../src/plain-session.js';
import type { ServerFrame } from '../../src/protocol.js';

/** [PLAIN-LINES] The plain client's stdout lines, exactly as docs/commands.md writes them. */

const view: PlainView = { room: '#lobby', nick: 'alice' };
const f = (frame: object) => frame as ServerFrame;
const since = Date.parse('2026-11-25T14:00:00Z');

const LINES: [string, ServerFrame, string[]][] = [
  ['message in the current room', f({ type: 'message', id: 1, ts: 1, room: '#lobby', from: 'bob', text: 'hello' }), ['bob: hello']],
  ['message in another room', f({ type: 'message', id: 1, ts: 1, room: '#dev', from: 'bob', text: 'hi' }), ['[#dev] bob: hi']],
  ['action', f({ type: 'message', id: 1, ts: 1, room: '#lobby', from: 'bob', text: 'waves', kind: 'action' }), ['* bob waves']],
  ['action in another room', f({ type: 'message', id: 1, ts: 1, room: '#dev', from: 'bob', text: 'waves', kind: 'action' }), ['[#dev] * bob waves']],
  ['private message', f({ type: 'private', id: 1, ts: 1, from: 'bob', to: 'alice', text: 'psst' }), ['*bob* psst']],
  ['private action', f({ type: 'private', id: 1, ts: 1, from: 'bob', to: 'alice', text: 'waves', kind: 'action' }), ['** bob waves']],
  ['replayed history', f({ type: 'message', id: 1, ts: 1, room: '#lobby', from: 'bob', text: 'hello', history: true }), ['[history] bob: hello']],
  ['replayed history of another room', f({ type: 'message', id: 1, ts: 1, room: '#dev', from: 'bob', text: 'hi', history: true }), ['[history] [#dev] bob: hi']],
  ['joined', f({ type: 'joined', ts: 1, room: '#lobby', nick: 'bob' }), ['* bob joined']],
  ['joined another room', f({ type: 'joined', ts: 1, room: '#dev', nick: 'bob' }), ['[#dev] * bob joined']],
  ['quit', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'quit' }), ['* bob disconnected']],
  ['dropped', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'disconnected' }), ['* bob disconnected']],
  ['slow consumer', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'slow-consumer' }), ['* bob disconnected']],
  ['timed out', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'timeout' }), ['* bob disconnected']],
  ['parted', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'part' }), ['* bob left']],
  ['parted with a reason', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'part', text: 'lunch' }), ['* bob left (lunch)']],
  ['kicked', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'kicked', text: 'kicked by alice: spam' }), ['* bob was kicked (kicked by alice: spam)']],
  ['banned', f({ type: 'left', ts: 1, room: '#lobby', nick: 'bob', reason: 'banned', text: 'banned by alice for 10m' }), ['* bob was banned (banned by alice for 10m)']],
  ['left another room', f({ type: 'left', ts: 1, room: '#dev', nick: 'bob', reason: 'part' }), ['[#dev] * bob left']],
  ['you joined a room', f({ type: 'room', room: '#dev', topic: null, topicLocked: false, members: ['alice', 'bob'] }), ['* in #dev: alice bob']],
  ['you joined a room with a topic', f({ type: 'room', room: '#dev', topic: 'ship it', topicLocked: false, members: ['alice'] }), ['* in #dev: alice', '* topic of #dev: ship it']],
  ['topic', f({ type: 'topic', room: '#dev', topic: 'text', by: 'alice', ts: 1, locked: false }), ['* topic of #dev: text (set by alice)']],
  ['locked topic', f({ type: 'topic', room: '#dev', topic: 'text', by: 'alice', ts: 1, locked: true }), ['* topic of #dev: text (set by alice) [locked]']],
  ['no topic', f({ type: 'topic', room: '#dev', topic: null, by: null, ts: 1, locked: false }), ['* #dev has no topic']],
  ['no topic, locked', f({ type: 'topic', room: '#dev', topic: null, by: 'alice', ts: 1, locked: true }), ['* #dev has no topic [locked]']],
  ['/rooms', f({ type: 'rooms', rooms: [{ name: '#dev', members: 3, topic: 'ship it' }, { name: '#lobby', members: 5, topic: null }] }), ['* #dev (3): ship it', '* #lobby (5)']],
  ['nick change', f({ type: 'nick', old: 'bob', nick: 'robert', ts: 1 }), ['* bob is now known as robert']],
  ['/whois', f({ type: 'whois', nick: 'bob', rooms: ['#lobby', '#dev'], since, idleMs: 12_000, away: 'lunch', oper: false }), ['* bob: in #lobby #dev, connected since 2026-11-25T14:00:00Z, idle 12s, away: lunch']],
  ['/whois, not away', f({ type: 'whois', nick: 'bob', rooms: ['#lobby'], since, idleMs: 400, away: null, oper: false }), ['* bob: in #lobby, connected since 2026-11-25T14:00:00Z, idle 0s']],
  ['/whois, an operator', f({ type: 'whois', nick: 'bob', rooms: ['#lobby'], since, idleMs: 0, away: null, oper: true }), ['* bob (operator): in #lobby, connected since 2026-11-25T14:00:00Z, idle 0s']],
  ['server notice', f({ type: 'info', text: 'bob is away: lunch' }), ['* bob is away: lunch']],
  ['/motd over lines', f({ type: 'info', text: 'welcome\nbe kind' }), ['* welcome', '* be kind']],
  ['[PLAIN-SEARCH] a page of search results, more to come', f({
    type: 'search', room: '#dev', words: 'ship', more: true, results: [
      { type: 'message', id: 42, ts: since + 61_000, room: '#dev', from: 'bob', text: 'ship it (id 3)' },
      { type: 'message', id: 7, ts: since, room: '#dev', from: 'carol', text: 'ships at noon', kind: 'action' },
    ],
  }), ['* search "ship" in #dev: 2 results, more', '[search] 2026-11-25T14:01:01Z #dev 42 bob: ship it (id 3)', '[search] 2026-11-25T14:00:00Z #dev 7 * carol ships at noon']],
  ['[PLAIN-SEARCH] nothing found', f({ type: 'search', room: '#lobby', words: 'zebra', results: [], more: false }), ['* search "zebra" in #lobby: 0 results']],
  ['ack (protocol only)', f({ type: 'ack', id: 1, ts: 1 }), []],
  ['pong (protocol only)', f({ type: 'pong', ts: 1 }), []],
];

describe('[PLAIN-LINES] formatPlain', () => {
  test.each(LINES)('%s', (_, frame, lines) => {
    expect(formatPlain(frame, view)).toEqual(lines);
  });
});

/** Folds inputs through the plain session; returns its state and the stdout lines. */
function session(inputs: PlainInput[], state: PlainState = initialPlainState('alice')): { state: PlainState; stdout: string[]; sent: object[] } {
  const outputs: PlainOutput[] = [];
  for (const input of inputs) {
    const step = reducePlain(state, input);
    state = step.state;
    outputs.push(...step.outputs);
  }
  return {
    state,
    stdout: outputs.filter((o) => o.type === 'stdout').map((o) => (o as { text: string }).text),
    sent: outputs.filter((o) => o.type === 'send').map((o) => (o as { frame: object }).frame),
  };
}
const frame = (x: object): PlainInput => ({ type: 'frame', frame: x as ServerFrame });
const line = (text: string): PlainInput => ({ type: 'line', text });
const room = (name: string, members = ['alice']) => frame({ type: 'room', room: name, topic: null, topicLocked: false, members });
const said = (r: string, text: string) => frame({ type: 'message', id: 1, ts: 1, room: r, from: 'bob', text });
const start: PlainInput[] = [
  { type: 'connected' },
  frame({ type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: ['alice', 'bob'], maxFrameBytes: 16384, maxTextLength: 4000 }),
  room('#lobby', ['alice', 'bob']),
];

describe('[HISTORY-PAGE] [SEARCH-PAGE] the plain session pages by the ids it has shown', () => {
  test('/history more asks before the oldest message shown of the current room; /more goes on with the last search', () => {
    const msg = (id: number, r = '#lobby', history = false) => frame({ type: 'message', id, ts: id, room: r, from: 'bob', text: `m${id}`, ...(history ? { history: true } : {}) });
    const results = (more: boolean) => frame({ type: 'search', room: '#lobby', words: 'm', more, results: [{ type: 'message', id: 9, ts: 9, room: '#lobby', from: 'bob', text: 'm9' }, { type: 'message', id: 4, ts: 4, room: '#lobby', from: 'bob', text: 'm4' }] });
    const { sent } = session([...start, line('/history more'), msg(20), msg(12, '#lobby', true), msg(3, '#dev'), line('/history more 5'), results(true), line('/more'), results(false)]);
    expect(sent.slice(1)).toEqual([
      { type: 'history', room: '#lobby', limit: 50 },
      { type: 'history', room: '#lobby', limit: 5, before: 12 },
      { type: 'search', room: '#lobby', words: 'm', before: 4 },
    ]);
    const ended = session([...start, results(false), line('/more')]);
    expect(ended.sent.slice(1)).toEqual([]);
  });
});

describe('[PLAIN-ROOM] the plain session tags lines by its current room', () => {
  test('the lobby\'s room frame after welcome is silent; a joined room becomes current and the lobby gets tagged', () => {
    const { state, stdout, sent } = session([...start, said('#lobby', 'one'), line('/join #dev'), room('#dev'), said('#lobby', 'two'), said('#dev', 'three'), line('hi')]);
    expect(stdout).toEqual(['bob: one', '* in #dev: alice', '[#lobby] bob: two', 'bob: three']);
    expect(state.room).toBe('#dev');
    expect(sent.at(-1)).toEqual({ type: 'say', text: 'hi', room: '#dev', ref: 'p1' });
  });

  test('parting the current room falls back to the one joined before', () => {
    const left = frame({ type: 'left', ts: 1, room: '#ops', nick: 'alice', reason: 'part' });
    const { state, stdout } = session([...start, room('#dev'), room('#ops'), left, said('#dev', 'back here')]);
    expect(state.room).toBe('#dev');
    expect(stdout.slice(-2)).toEqual(['[#ops] * alice left', 'bob: back here']);
  });

  test('/join of a room already joined makes it current again (the server answers with the room only)', () => {
    const { state, stdout, sent } = session([...start, room('#dev'), line('/join #LOBBY'), room('#lobby', ['alice', 'bob']), said('#lobby', 'here'), said('#dev', 'there'), line('hi')]);
    expect(state.room).toBe('#lobby');
    expect(stdout.slice(-3)).toEqual(['* in #lobby: alice bob', 'bob: here', '[#dev] bob: there']);
    expect(sent.at(-1)).toEqual({ type: 'say', text: 'hi', room: '#lobby', ref: 'p1' });
    // And parting it falls back to #dev, joined before.
    const after = session([frame({ type: 'left', ts: 1, room: '#lobby', nick: 'alice', reason: 'part' })], state);
    expect(after.state.room).toBe('#dev');
  });

  test('after parting every room, joining one shows it (only the lobby right after welcome is silent)', () => {
    const left = frame({ type: 'left', ts: 1, room: '#lobby', nick: 'alice', reason: 'part' });
    const { state, stdout } = session([...start, line('/part'), left, line('/join #dev'), room('#dev'), said('#dev', 'hi')]);
    expect(stdout).toEqual(['* alice left', '* in #dev: alice', 'bob: hi']);
    expect(state.room).toBe('#dev');
  });

  test('a nick change of your own is followed, so /msg replies and tags stay right', () => {
    const { state, stdout } = session([...start, frame({ type: 'nick', old: 'alice', nick: 'alicia', ts: 1 }), frame({ type: 'private', id: 2, ts: 1, from: 'bob', to: 'alicia', text: 'psst' })]);
    expect(state.nick).toBe('alicia');
    expect(state.lastPrivateFrom).toBe('bob');
    expect(stdout).toEqual(['* alice is now known as alicia', '*bob* psst']);
  });

  test('/reply answers the last private message; /help prints one command a line', () => {
    const { sent, stdout } = session([...start, frame({ type: 'private', id: 2, ts: 1, from: 'carol', to: 'alice', text: 'hey' }), line('/reply hello back'), line('/help')]);
    expect(sent.at(-1)).toEqual({ type: 'msg', to: 'carol', text: 'hello back', ref: 'p1' });
    expect(stdout.slice(1)).toHaveLength(COMMANDS.length);
    expect(stdout[1]).toMatch(/^\/join #room +join a room/);
  });

  test('/reply follows a rename of the one who wrote', () => {
    const { sent } = session([...start, frame({ type: 'private', id: 2, ts: 1, from: 'bob', to: 'alice', text: 'hey' }), frame({ type: 'nick', old: 'bob', nick: 'robert', ts: 2 }), line('/reply hi robert')]);
    expect(sent.at(-1)).toEqual({ type: 'msg', to: 'robert', text: 'hi robert', ref: 'p1' });
  });

  test('/ignore hides a nick\'s messages and privates, in any case; /unignore shows them again', () => {
    const priv = frame({ type: 'private', id: 2, ts: 1, from: 'Bob', to: 'alice', text: 'psst' });
    const { stdout } = session([...start, line('/ignore BOB'), said('#lobby', 'hidden'), priv, line('/unignore bob'), said('#lobby', 'shown')]);
    expect(stdout).toEqual(['bob: shown']);
  });
});
