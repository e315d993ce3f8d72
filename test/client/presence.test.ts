import { describe, expect, test } from 'vitest';
import { initialPlainState, reducePlain, type PlainInput, type PlainOutput, type PlainState } from '../../src/plain-session.js';
import { LOBBY, type RoomFrame, type ServerFrame } from '../../src/protocol.js';
import { ClientHarness } from './client-harness.js';

const room = (members: string[], extra: Partial<RoomFrame> = {}): RoomFrame =>
  ({ type: 'room', room: LOBBY, topic: null, topicLocked: false, members, count: members.length, ...extra });

/** A terminal client welcomed into a lobby of `members` (itself among them). */
function welcomed(members: string[]): ClientHarness {
  const h = new ClientHarness('alice');
  h.connect();
  h.welcome([]);
  h.frame(room(members));
  return h;
}

const members = (h: ClientHarness) => h.state.rooms.get(LOBBY)?.members;
const systemLines = (h: ClientHarness) => h.state.log.entries.filter((e) => e.kind === 'system').map((e) => (e as { text: string }).text);
const sent = (effects: readonly { type: string }[]) => effects.filter((e) => e.type === 'send').map((e) => (e as unknown as { frame: unknown }).frame);

describe('[PRESENCE] the terminal client reads coalesced presence', () => {
  test('the members pane takes the leaves out and the joins in; one line names the newcomers, one the leavers', () => {
    const h = welcomed(['alice', 'bob', 'carol']);
    const before = systemLines(h).length;
    h.frame({ type: 'presence', ts: 1, room: LOBBY, joined: ['dan', 'alice', 'erin'], left: [{ nick: 'carol', reason: 'kicked', text: 'spam' }], count: 4 });
    expect(members(h)).toEqual(['alice', 'bob', 'dan', 'erin']);
    expect(systemLines(h).slice(before)).toEqual([`dan, erin joined ${LOBBY}`, 'carol was kicked (spam)']);
  });

  test('what the pane already knew (a list got mid-window) changes nothing and prints nothing', () => {
    const h = welcomed(['alice', 'bob', 'dan']);
    const before = systemLines(h).length;
    h.frame({ type: 'presence', ts: 1, room: LOBBY, joined: ['dan'], left: [{ nick: 'zed', reason: 'quit' }], count: 3 });
    expect(members(h)).toEqual(['alice', 'bob', 'dan']);
    expect(systemLines(h).length).toBe(before);
  });

  test('[PRESENCE-LIMIT] a quiet frame updates the pane without a line', () => {
    const h = welcomed(['alice', 'bob']);
    const before = systemLines(h).length;
    h.frame({ type: 'presence', ts: 1, room: LOBBY, joined: ['dan'], left: [{ nick: 'bob', reason: 'quit' }], count: 300, quiet: true });
    expect(members(h)).toEqual(['alice', 'dan']);
    expect(systemLines(h).length).toBe(before);
  });

  test('[NAMES-PAGE] a first page asks for the next; later pages add to the pane; /names prints once the last came', () => {
    const h = new ClientHarness('alice');
    h.connect();
    h.welcome([]);
    const asked = h.frame(room(['alice', 'bob'], { count: 4, next: '7' }));
    expect(sent(asked)).toEqual([{ type: 'names', room: LOBBY, after: '7' }]);
    expect(sent(h.frame(room(['carol', 'dan'], { count: 4, after: '7' })))).toEqual([]);
    expect(members(h)).toEqual(['alice', 'bob', 'carol', 'dan']);
    h.type('/names');
    const before = systemLines(h).length;
    h.frame(room(['alice', 'bob'], { count: 4, next: '7' }));
    expect(systemLines(h).length).toBe(before);
    h.frame(room(['carol', 'dan'], { count: 4, after: '7' }));
    expect(systemLines(h).slice(before)).toEqual([`in ${LOBBY}: alice bob carol dan`]);
  });
});

function plain(inputs: readonly ServerFrame[]): { state: PlainState; outputs: PlainOutput[] } {
  let state = initialPlainState('alice');
  const outputs: PlainOutput[] = [];
  const all: PlainInput[] = [{ type: 'connected' }, ...inputs.map((frame): PlainInput => ({ type: 'frame', frame }))];
  for (const input of all) {
    const step = reducePlain(state, input);
    state = step.state;
    outputs.push(...step.outputs);
  }
  return { state, outputs };
}

describe('[PRESENCE] the plain client reads coalesced presence', () => {
  const welcome: ServerFrame = { type: 'welcome', version: 1, nick: 'alice', room: LOBBY, members: [], maxFrameBytes: 16384, maxTextLength: 4000 };
  const stdout = (outputs: PlainOutput[]) => outputs.filter((o) => o.type === 'stdout').map((o) => (o as { text: string }).text);

  test('one line for the joins (not its own), one for the leaves; nothing for a quiet frame', () => {
    const { outputs } = plain([
      welcome, room(['alice', 'bob'], { count: 2 }),
      { type: 'presence', ts: 1, room: LOBBY, joined: ['alice', 'dan', 'erin'], left: [{ nick: 'bob', reason: 'part' }, { nick: 'cy1', reason: 'quit' }], count: 3 },
      { type: 'presence', ts: 2, room: LOBBY, joined: ['fay'], left: [], count: 300, quiet: true },
    ]);
    expect(stdout(outputs)).toEqual(['* dan, erin joined', '* bob left, cy1 disconnected']);
  });

  test('[NAMES-PAGE] /names walks every page, printing each', () => {
    const { outputs } = plain([
      welcome, room(['alice'], { count: 1 }),
      room(['alice', 'bob'], { count: 3, next: '9' }),
      room(['carol'], { count: 3, after: '9' }),
    ]);
    expect(outputs.filter((o) => o.type === 'send').map((o) => (o as { frame: unknown }).frame)).toContainEqual({ type: 'names', room: LOBBY, after: '9' });
    expect(stdout(outputs)).toEqual([`* in ${LOBBY} (2 of 3): alice bob`, `* also in ${LOBBY}: carol`]);
  });
});
