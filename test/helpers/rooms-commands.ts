import { ARCHIVE_READ } from './room-harness.js';
import { fc } from '@fast-check/vitest';
import { isDeepStrictEqual } from 'node:util';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from '../../src/protocol.js';
import type { RoomState } from '../../src/room-state.js';
import type { Delivery } from './room-harness.js';
import { OPER_SECRET } from './rooms-model.js';

/**
 * Arbitrary command sequences for issue 4 (rooms, people, privates, history, moderation), the
 * events they become, and a way to read deliveries and states that a test can compare.
 */

export const MAX_TEXT = 16;
export const HISTORY_LIMIT = 3;

/** A step of a generated history: `c` is an index into the connections opened so far (stale ones too). */
export type Cmd =
  | { readonly k: 'open'; readonly host: number }
  | { readonly k: 'frame'; readonly c: number; readonly frame: ClientFrame }
  | { readonly k: 'closed'; readonly c: number }
  | { readonly k: 'advance'; readonly ms: number };

/** Few nicknames, colliding in case, plus invalid ones, so renames and registrations clash often. */
export const nick = fc.constantFrom('bob', 'Bob', 'BOB', 'alice', 'ALICE', 'carol', 'dave', 'boss', 'ab', 'bad nick');
const room = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('#lobby', '#dev', '#DEV', '#ops', '#Ops', '#qa') },
  { weight: 1, arbitrary: fc.constantFrom('dev', '#', '#' + 'r'.repeat(21), '#no_such') },
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('hi', 'hello there', 'x', '\u001b[2Jclear') },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 't'.repeat(MAX_TEXT + 1)) },
);
const reason = fc.option(fc.constantFrom('bye now', '\u0007bell', '', '  padded  ', 'r'.repeat(201)), { nil: undefined });
const duration = fc.option(fc.constantFrom(1_000, 60_000, 3_600_000), { nil: undefined });
const topicText = fc.option(fc.constantFrom('our topic', '', '   ', 'x'.repeat(301), 'tab\there'), { nil: undefined });
const awayReason = fc.option(fc.constantFrom('lunch', '  ', 'a'.repeat(201), 'gone\u001b'), { nil: undefined });

/** A record whose optional keys are absent rather than `undefined`, like a decoded frame. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const memberFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('hello' as const), version: fc.constant(PROTOCOL_VERSION), nick }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('join' as const), room }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('part' as const), room, reason }).map(defined) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('say' as const), text, room: fc.option(room, { nil: undefined }), kind: fc.option(fc.constant('action' as const), { nil: undefined }) }).map(defined) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('msg' as const), to: nick, text }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('nick' as const), nick }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('names' as const), room }) },
  { weight: 1, arbitrary: fc.constant({ type: 'rooms' as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('topic' as const), room, text: topicText }).map(defined) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('away' as const), reason: awayReason }).map(defined) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('whois' as const), nick }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('history' as const), room, limit: fc.option(fc.nat(5), { nil: undefined }) }).map(defined) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('oper' as const), secret: fc.constantFrom(OPER_SECRET, 'wrong', '') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('kick' as const), nick, reason }).map(defined) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ban' as const), nick, durationMs: duration }).map(defined) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unban' as const), nick }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('mute' as const), nick, durationMs: duration }).map(defined) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unmute' as const), nick }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('lock-topic' as const), room, locked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('quit' as const), reason }).map(defined) },
  { weight: 1, arbitrary: fc.constant({ type: 'motd' as const }) },
);

/** Mostly the first connections, which registered first; sometimes later, stale or never-opened ones. */
const index = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 7 }) });
const hello = fc.record({ type: fc.constant('hello' as const), version: fc.constant(PROTOCOL_VERSION), nick });
const say = fc.record({ type: fc.constant('say' as const), text, room: fc.option(room, { nil: undefined }) }).map(defined);

/** Targets: mostly nicknames people register with, so that most moderation lands. */
const target = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('bob', 'alice', 'carol', 'dave') }, { weight: 1, arbitrary: nick });
/** What an operator (or a would-be one) does: mostly sent by the first connection, `boss`. */
const moderatorFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ type: fc.constant('oper' as const), secret: fc.constantFrom(OPER_SECRET, 'wrong') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('ban' as const), nick: target, durationMs: duration }).map(defined) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('mute' as const), nick: target, durationMs: duration }).map(defined) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unmute' as const), nick: target }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unban' as const), nick: target }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('kick' as const), nick: target }) },
);
/** What everyone else does meanwhile: arrive, speak, write privately, rename, join. */
const peopleFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  { weight: 4, arbitrary: hello },
  { weight: 4, arbitrary: say },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('msg' as const), to: nick, text }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('nick' as const), nick }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('join' as const), room }) },
);
/** Moderation and its consequences: bans and mutes, then people (new connections too) trying to speak, rename, come back. */
const moderationCmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('frame' as const), c: fc.constantFrom(0, 0, 0, 1), frame: moderatorFrame }) },
  { weight: 8, arbitrary: fc.record({ k: fc.constant('frame' as const), c: fc.integer({ min: 0, max: 9 }), frame: peopleFrame }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('open' as const), host: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('closed' as const), c: index }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.constantFrom(999, 1_000, 61_000, 4_000_000) }) },
);

const memberCmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ k: fc.constant('open' as const), host: fc.nat(2) }) },
  { weight: 20, arbitrary: fc.record({ k: fc.constant('frame' as const), c: index, frame: memberFrame }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('closed' as const), c: index }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.constantFrom(999, 1_000, 61_000, 4_000_000) }) },
);

/**
 * Several connections open and register: the first as `boss`, which often becomes an operator, the
 * others with colliding (and invalid) nicknames; then anything: every member command, or mostly
 * moderation with new connections arriving.
 */
export const commandHistory: fc.Arbitrary<Cmd[]> = fc
  .tuple(
    fc.array(fc.tuple(nick, fc.nat(2)), { minLength: 1, maxLength: 4 }),
    fc.nat(4).map((n) => n > 0),
    fc.oneof(fc.array(memberCmd, { maxLength: 70, size: 'max' }), fc.array(moderationCmd, { maxLength: 50, size: 'max' })),
  )
  .map(([others, oper, rest]) => {
    const people: (readonly [string, number])[] = [['boss', 0], ...others];
    return [
      ...people.map(([, host]): Cmd => ({ k: 'open', host })),
      ...people.map(([n], c): Cmd => ({ k: 'frame', c, frame: { type: 'hello', version: PROTOCOL_VERSION, nick: n } })),
      ...(oper ? [{ k: 'frame', c: 0, frame: { type: 'oper', secret: OPER_SECRET } } as const] : []),
      ...rest,
    ];
  });

/** Three hosts, so a host ban hits some connections and not others. */
export const hostAddress = (host: number, id: ConnId) => (host === 2 ? `[::1]:${4000 + id}` : `10.0.0.${host + 1}:${4000 + id}`);
export const hostName = (host: number) => (host === 2 ? '::1' : `10.0.0.${host + 1}`);

/** The clock and the ids of a run: `at` moves one ms an event, more on `advance`. */
export interface Clock { at: number; opened: ConnId[] }

/** The event a command becomes, or undefined for `advance` (which only moves the clock). */
export function toEvent(clock: Clock, c: Cmd): RoomEvent | undefined {
  if (c.k === 'advance') {
    clock.at += c.ms;
    return undefined;
  }
  const at = ++clock.at;
  const id = (i: number) => clock.opened[i] ?? 90 + i;
  switch (c.k) {
    case 'open': {
      const conn = clock.opened.length + 1;
      clock.opened.push(conn);
      return { type: 'conn/opened', conn, address: hostAddress(c.host, conn), at };
    }
    case 'frame':
      return { type: 'conn/frame-received', conn: id(c.c), frame: c.frame, at };
    case 'closed':
      return { type: 'conn/closed', conn: id(c.c), cause: 'peer', at };
  }
}

/** One delivery in the model's words: `"<to> <type> <detail>"`. */
export function describeDelivery({ to, frame }: Delivery): string {
  const f = frame as ServerFrame;
  switch (f.type) {
    case 'error': return `${to} error ${f.code}`;
    case 'welcome': return `${to} welcome ${f.nick}:${[...f.members].sort().join(',')}`;
    case 'room': return `${to} room ${f.room}:${[...f.members].sort().join(',')}`;
    case 'message': return `${to} message ${f.id}:${f.room}:${f.from}:${f.kind === 'action' ? '*' : ''}${f.text}${f.history ? ':history' : ''}`;
    case 'private': return `${to} private ${f.id}:${f.from}>${f.to}:${f.text}`;
    case 'joined': return `${to} joined ${f.room}:${f.nick}`;
    case 'left': return `${to} left ${f.room}:${f.nick}:${f.reason}:${f.text ?? ''}`;
    case 'topic': return `${to} topic ${f.room}:${f.topic}:${f.by}:${f.locked}`;
    case 'rooms': return `${to} rooms ${f.rooms.map((r) => `${r.name}=${r.members}`).sort().join(',')}`;
    case 'nick': return `${to} nick ${f.old}>${f.nick}`;
    case 'whois': return `${to} whois ${f.nick}:${[...f.rooms].sort().join(',')}:${f.away}:${f.oper}:${f.since}:${f.idleMs}`;
    case 'bye': return `${to} bye ${f.reason}`;
    case 'away': return `${to} away ${f.room}:${f.nick}:${f.away}`;
    case 'ack': return `${to} ack ${f.id}`;
    case 'info': return f.text.startsWith(ARCHIVE_READ) ? `${to} archive ${f.text.slice(ARCHIVE_READ.length)}` : `${to} info`;
    default: return `${to} ${f.type}`;
  }
}

/**
 * The state as plain sorted data, so two states can be compared for meaning whatever their
 * structure: the persistent maps' shapes depend on the order of their updates.
 */
export function canonical(state: RoomState): unknown {
  const sortBy = <T>(list: T[], key: (t: T) => string | number) => list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    conns: sortBy([...state.conns.values()], (c) => c.id),
    nicks: sortBy([...state.nicks], ([k]) => k),
    rooms: sortBy([...state.rooms.values()], (r) => r.name).map((r) => ({ ...r, members: [...r.members].sort((a, b) => a - b) })),
    bans: state.bans,
    mutes: sortBy([...state.mutes], ([k]) => k),
    perHost: sortBy([...state.perHost], ([k]) => k),
    nextMessageId: state.nextMessageId,
    shuttingDown: state.shuttingDown,
    boot: state.boot,
    config: state.config,
    nodes: sortBy([...state.nodes], ([k]) => k),
  };
}

export const sameMeaning = (a: RoomState, b: RoomState) => isDeepStrictEqual(canonical(a), canonical(b));
