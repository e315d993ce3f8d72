import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { foldNick, validateNick } from '../../src/nickname.js';
import { PROTOCOL_VERSION, type LeaveReason, type ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import { closedBy, deliveries, registered, type Delivery } from '../helpers/room-harness.js';

/**
 * Model-based test ([MODEL]): the room against a reference model of a dozen lines, a map of live
 * connections to their nickname. Each command predicts, from the model alone, who receives what.
 */

const MAX_TEXT = 12;
/** Events 10 s apart: flood control (a later feature, [FLOOD]) never refuses, so issue-2 behaviour is what is under test. */
const TICK = 10_000;
const reduce = createRoomReducer({ ...defaultRoomOptions, maxFrameBytes: 1024, maxTextLength: MAX_TEXT, floodRate: 0 });

interface Model {
  nextConn: ConnId;
  /** Every id ever opened, so commands can aim at gone connections too. */
  opened: ConnId[];
  live: Map<ConnId, { nick?: string }>;
  nextMessageId: number;
}
interface Real {
  state: RoomState;
  at: number;
}

function apply(real: Real, event: RoomEvent): { out: Delivery[]; closed: ConnId[]; same: boolean } {
  const before = real.state;
  const step = deepFreeze(reduce(before, deepFreeze(event)));
  real.state = step.state;
  return { out: deliveries(step.state, step.effects), closed: closedBy(step.effects), same: step.state === before };
}

const pick = (m: Model, i: number): ConnId => (m.opened.length === 0 ? 99 : m.opened[i % m.opened.length]!);
const members = (m: Model, except?: ConnId) => [...m.live].filter(([id, c]) => c.nick !== undefined && id !== except).map(([id]) => id);
const framesOf = (out: Delivery[], type: ServerFrame['type']) => out.filter((d) => d.frame.type === type);
const recipients = (list: Delivery[]) => list.map((d) => d.to).sort((a, b) => a - b);
const sorted = (ids: ConnId[]) => [...ids].sort((a, b) => a - b);

function checkMembers(m: Model, r: Real): void {
  const expected = new Map(members(m).map((id) => [id, m.live.get(id)!.nick!]));
  expect(registered(r.state)).toEqual(expected);
}

/** A command that only touches the model through `predict` and the real room through `apply`. */
class RoomCommand implements fc.Command<Model, Real> {
  constructor(
    readonly label: string,
    readonly exec: (m: Model, r: Real) => void,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    this.exec(m, r);
    checkMembers(m, r);
  }
  toString = () => this.label;
}

const open = fc.constant(new RoomCommand('open', (m, r) => {
  const id = m.nextConn++;
  const { out, closed } = apply(r, { type: 'conn/opened', conn: id, address: '127.0.0.1:1', at: (r.at += TICK) });
  expect(out).toEqual([]);
  expect(closed).toEqual([]);
  m.opened.push(id);
  m.live.set(id, {});
}));

const hello = fc.tuple(fc.nat(), fc.constantFrom('bob', 'BoB', 'alice', 'Alice', 'carol', 'zed', 'no', 'x y z')).map(([i, nick]) =>
  new RoomCommand(`hello(#${i}, ${nick})`, (m, r) => {
    const id = pick(m, i);
    const { out, same } = apply(r, { type: 'conn/frame-received', conn: id, frame: { type: 'hello', version: PROTOCOL_VERSION, nick }, at: (r.at += TICK) });
    const conn = m.live.get(id);
    if (!conn) return void expect([out, same]).toEqual([[], true]);
    const taken = members(m).some((other) => foldNick(m.live.get(other)!.nick!) === foldNick(nick));
    const refusal = conn.nick !== undefined ? 'ALREADY_REGISTERED' : !validateNick(nick).ok ? 'NICK_INVALID' : taken ? 'NICK_TAKEN' : undefined;
    if (refusal) {
      expect(out.map((d) => [d.to, d.frame.type, (d.frame as { code?: string }).code])).toEqual([[id, 'error', refusal]]);
      return;
    }
    const others = members(m);
    const welcome = framesOf(out, 'welcome');
    expect(recipients(welcome)).toEqual([id]);
    const nicks = [...others.map((o) => m.live.get(o)!.nick!), nick];
    // [WELCOME-MEMBERS] The list comes once, in the room frame.
    expect((welcome[0]!.frame as unknown as { members: string[] }).members).toEqual([]);
    expect([...(framesOf(out, 'room')[0]!.frame as unknown as { members: string[] }).members].sort()).toEqual(nicks.sort());
    expect(recipients(framesOf(out, 'joined'))).toEqual(sorted(others));
    m.live.set(id, { nick });
  }));

const say = fc.tuple(fc.nat(), fc.constantFrom('hi', 'hello there', ' ', '', 'z'.repeat(MAX_TEXT + 1), 'tab\there')).map(([i, text]) =>
  new RoomCommand(`say(#${i}, ${JSON.stringify(text)})`, (m, r) => {
    const id = pick(m, i);
    // Refs are unique within a session ([DEDUPE]): a repeated ref would be acknowledged, not said again.
    const ref = `r${r.at}`;
    const { out, same } = apply(r, { type: 'conn/frame-received', conn: id, frame: { type: 'say', text, ref }, at: (r.at += TICK) });
    const conn = m.live.get(id);
    if (!conn) return void expect([out, same]).toEqual([[], true]);
    const refusal = conn.nick === undefined ? 'NOT_REGISTERED' : text.trim() === '' ? 'TEXT_EMPTY' : text.length > MAX_TEXT ? 'TEXT_TOO_LONG' : undefined;
    if (refusal) {
      expect(out.map((d) => [d.to, d.frame])).toEqual([[id, expect.objectContaining({ type: 'error', code: refusal, fatal: false, ref })]]);
      return;
    }
    const msgId = m.nextMessageId++;
    expect(framesOf(out, 'ack').map((d) => [d.to, d.frame])).toEqual([[id, expect.objectContaining({ id: msgId, ref })]]);
    const messages = framesOf(out, 'message');
    expect(recipients(messages)).toEqual(sorted(members(m, id)));
    for (const d of messages) expect(d.frame).toMatchObject({ id: msgId, from: conn.nick, text });
  }));

const ping = fc.nat().map((i) => new RoomCommand(`ping(#${i})`, (m, r) => {
  const id = pick(m, i);
  const { out } = apply(r, { type: 'conn/frame-received', conn: id, frame: { type: 'ping', ref: 'p' }, at: (r.at += TICK) });
  expect(out.map((d) => [d.to, d.frame.type])).toEqual(m.live.has(id) ? [[id, 'pong']] : []);
}));

/** Every way of leaving: the connection is closed, and if it had a nickname the others read why. */
function leaving(label: string, reason: LeaveReason, event: (id: ConnId, at: number) => RoomEvent, ownFrames: (string | undefined)[]) {
  return fc.nat().map((i) => new RoomCommand(`${label}(#${i})`, (m, r) => {
    const id = pick(m, i);
    const { out, closed, same } = apply(r, event(id, (r.at += TICK)));
    const conn = m.live.get(id);
    if (!conn) return void expect([out, closed, same]).toEqual([[], [], true]);
    expect(closed).toEqual([id]);
    expect(out.filter((d) => d.to === id).map((d) => d.frame.type === 'error' ? d.frame.code : d.frame.type)).toEqual(ownFrames.filter(Boolean));
    const left = framesOf(out, 'left');
    expect(recipients(left)).toEqual(conn.nick === undefined ? [] : sorted(members(m, id)));
    for (const d of left) expect(d.frame).toMatchObject({ nick: conn.nick, reason });
    m.live.delete(id);
  }));
}

const commands = [
  open, hello, say, say, ping,
  leaving('quit', 'quit', (conn, at) => ({ type: 'conn/frame-received', conn, frame: { type: 'quit' }, at }), ['bye']),
  leaving('closed', 'disconnected', (conn, at) => ({ type: 'conn/closed', conn, cause: 'peer', at }), []),
  leaving('slow', 'slow-consumer', (conn, at) => ({ type: 'conn/slow-consumer', conn, queuedBytes: 1, at }), ['SLOW_CONSUMER']),
  leaving('fatal', 'protocol-error', (conn, at) => ({ type: 'conn/protocol-error', conn, code: 'FRAME_TOO_LARGE', message: 'big', fatal: true, at }), ['FRAME_TOO_LARGE']),
  fc.nat().map((i) => new RoomCommand(`bad-json(#${i})`, (m, r) => {
    const id = pick(m, i);
    const { out, closed } = apply(r, { type: 'conn/protocol-error', conn: id, code: 'BAD_JSON', message: 'bad', fatal: false, at: (r.at += TICK) });
    expect(closed).toEqual([]);
    expect(out.map((d) => [d.to, d.frame.type])).toEqual(m.live.has(id) ? [[id, 'error']] : []);
  })),
];

describe('[MODEL] the room against a reference model', () => {
  test.prop([fc.commands(commands, { size: 'max', maxCommands: 80 })], { numRuns: 200 })('every command does what the model predicts', (cmds) => {
    const model: Model = { nextConn: 1, opened: [], live: new Map(), nextMessageId: 1 };
    fc.modelRun(() => ({ model, real: { state: deepFreeze(initialRoomState), at: 0 } }), cmds);
  });
});
