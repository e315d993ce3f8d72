import type { Effect } from '../effects.js';
import type { ConnId, RoomEvent } from '../events.js';
import { withConnection, withNick, withoutConnection } from '../membership.js';
import { describeNickProblem, foldNick, validateNick } from '../nickname.js';
import { LOBBY, PROTOCOL_VERSION, type ErrorCode, type HelloFrame, type LeaveReason, type NickFrame } from '../protocol.js';
import {
  bootOf, hostKey, hostOf, selectNeighbours, selectRoomsOf, type Connection, type RoomState,
} from '../room-state.js';
import { info, log, refusal, refuse, registered, send, unchanged, type Ctx, type Step } from '../step.js';
import { enterRoom } from './enter-room.js';
import { withEveryField } from '../room-state.js';
import { resume } from './resume.js';
import type { RoomOptions } from './options.js';
import { welcomeFrame } from './welcome.js';
import { fullBucket } from '../token-bucket.js';
import { cleanReason } from '../text-hygiene.js';
import { sameSecret } from '../same-secret.js';

/** A new connection, unless the server is closing or full ([CONN-CAP]): then a refusal and a close. */
export function opened(state: RoomState, event: Extract<RoomEvent, { type: 'conn/opened' }>, options: RoomOptions): Step {
  const { conn: id, address, at } = event;
  const turnAway = (code: ErrorCode, message: string, reason: string): Step => ({
    state,
    effects: [refusal(id, code, message, true), { type: 'close', conn: id, reason }, log('warn', 'connection refused', { conn: id, address, reason })],
  });
  if (state.shuttingDown || state.conns.has(id)) return turnAway('SERVER_SHUTDOWN', 'server is shutting down', 'shutdown');
  // [NODE-GONE] A node the cluster gave up on may not open connections under its old boot.
  if (state.nodes.size > 0 && !state.nodes.has(bootOf(id))) return turnAway('SERVER_SHUTDOWN', 'this node has left the cluster', 'node gone');
  if (state.conns.size >= options.maxConnections) return turnAway('TOO_MANY_CONNECTIONS', 'the server is full; try again later', 'server full');
  if ((state.perHost.get(hostKey(state, id, address)) ?? 0) >= options.maxPerAddress) {
    const where = state.nodes.size > 0 ? ' on this node' : '';
    return turnAway('TOO_MANY_CONNECTIONS', `at most ${options.maxPerAddress} connections from one address${where}`, 'address full');
  }
  const conn: Connection = withEveryField({
    id, address, openedAt: at, activeAt: at, away: null, oper: false,
    bucket: fullBucket({ burst: options.floodBurst, ratePerSec: options.floodRate }, at),
    recent: [], ...(event.resumeHash === undefined ? {} : { resumeHash: event.resumeHash }),
  });
  return { state: withConnection(state, conn), effects: [log('info', 'connection opened', { conn: id, address })] };
}

/** [HELLO] Registers a nickname: refused while taken, invalid or banned; then the lobby. */
export function hello(state: RoomState, conn: Connection, frame: HelloFrame, at: number, options: RoomOptions): Step {
  if (conn.nick !== undefined) return refuse(state, conn.id, 'ALREADY_REGISTERED', `you are already "${conn.nick}"`);
  if (frame.version !== PROTOCOL_VERSION) {
    const message = `protocol version ${frame.version} is not supported; this server speaks ${PROTOCOL_VERSION}`;
    return closing(state, conn, [refusal(conn.id, 'UNSUPPORTED_VERSION', message, true)], 'protocol-error', at);
  }
  // [PASSWORD] checked before the nickname, so a stranger learns nothing about who is here.
  if (!passwordAccepted(frame, options)) {
    return closing(state, conn, [refusal(conn.id, 'BAD_PASSWORD', 'this server needs the right password', true)], 'protocol-error', at);
  }
  const valid = validateNick(frame.nick);
  if (!valid.ok) return refuse(state, conn.id, 'NICK_INVALID', describeNickProblem(valid.error));
  if (isBanned(state, frame.nick, conn.address, at)) {
    return closing(state, conn, [refusal(conn.id, 'BANNED', 'you are banned from this server', true)], 'banned', at);
  }
  const owner = state.conns.get(state.nicks.get(foldNick(frame.nick)) ?? -1);
  if (owner?.nick !== undefined) {
    // [REDACT] The edge hashed the presented secret; the state holds only the hash of the real one.
    const proven = frame.resume !== undefined && owner.resumeHash !== undefined && sameSecret(frame.resume, owner.resumeHash);
    if (proven) return resume(state, conn, owner as Connection & { nick: string }, at, options, frame.seen);
    return refuse(state, conn.id, 'NICK_TAKEN', `nickname "${frame.nick}" is taken`);
  }
  const named = withNick(state, conn, frame.nick);
  const entered = enterRoom(named, { ...conn, nick: frame.nick }, LOBBY, at, frame.allNames === true);
  const welcome = welcomeFrame({ ...conn, nick: frame.nick }, LOBBY, options, false);
  const motd = options.motd === null ? [] : [info(conn.id, options.motd)];
  return {
    state: entered.state,
    effects: [registered(conn.id, frame.nick), send(conn.id, welcome), ...motd, ...entered.effects, log('info', 'member joined', { conn: conn.id, nick: frame.nick })],
  };
}

/** [PASSWORD] The edge's verdict when it gave one ([REDACT]), else the check itself. */
function passwordAccepted(frame: HelloFrame, options: RoomOptions): boolean {
  if (frame.passwordOk !== undefined) return frame.passwordOk;
  return options.password === null || (frame.password !== undefined && sameSecret(frame.password, options.password));
}

function isBanned(state: RoomState, nick: string, address: string, at: number): boolean {
  const folded = foldNick(nick);
  const host = hostOf(address);
  return state.bans.some((ban) => (ban.until === null || ban.until > at) && (ban.nick === folded || ban.host === host));
}

function isBannedNick(state: RoomState, nick: string, at: number): boolean {
  const folded = foldNick(nick);
  return state.bans.some((ban) => (ban.until === null || ban.until > at) && ban.nick === folded);
}

/** [NICK-CHANGE] A new nickname, unique as ever; everyone sharing a room is told once. */
export function changeNick(ctx: Ctx<RoomOptions>, frame: NickFrame): Step {
  const { state, conn, at } = ctx;
  const valid = validateNick(frame.nick);
  if (!valid.ok) return refuse(state, conn.id, 'NICK_INVALID', describeNickProblem(valid.error));
  const owner = state.nicks.get(foldNick(frame.nick));
  if (owner !== undefined && owner !== conn.id) return refuse(state, conn.id, 'NICK_TAKEN', `nickname "${frame.nick}" is taken`);
  // A ban covers the nickname: taking it by a rename would evade it.
  if (owner === undefined && isBannedNick(state, frame.nick, at)) return refuse(state, conn.id, 'NICK_TAKEN', `nickname "${frame.nick}" is banned`);
  if (frame.nick === conn.nick) return unchanged(state);
  let next = withNick(state, conn, frame.nick);
  // [MUTE] A mute follows its holder to the new nick and also stays on the old one, so neither
  // renaming away nor renaming through a muted nick can wipe it; the longer of two mutes wins.
  const from = activeMute(state, conn.nick, at);
  if (from !== undefined) {
    const to = activeMute(state, frame.nick, at);
    const kept = from === null || to === null ? null : Math.max(from, to ?? from);
    next = { ...next, mutes: next.mutes.set(foldNick(frame.nick), kept) };
  }
  const frameOut = { type: 'nick', old: conn.nick, nick: frame.nick, ts: at } as const;
  return {
    state: next,
    effects: [{ type: 'multicast', to: selectNeighbours(state, conn.id), frame: frameOut }, log('info', 'nick changed', { conn: conn.id, nick: frame.nick })],
  };
}

/** Removes `conn` after `effects`, tells every room it was in (and who did it: [KICK-BY]), and closes it. */
export function closing(state: RoomState, conn: Connection, effects: readonly Effect[], reason: LeaveReason, at: number, text?: string, by?: string): Step {
  const out = [...effects];
  if (conn.nick !== undefined) {
    const words = { ...(text === undefined ? {} : { text }), ...(by === undefined ? {} : { by }) };
    for (const room of selectRoomsOf(state, conn.id)) {
      out.push({ type: 'presence', room, conn: conn.id, frame: { type: 'left', ts: at, room, nick: conn.nick, reason, ...words } });
    }
  }
  out.push({ type: 'close', conn: conn.id, reason }, log('info', 'connection closed', { conn: conn.id, reason }));
  return { state: withoutConnection(state, conn), effects: out };
}

export function quit(state: RoomState, conn: Connection, at: number, reason?: string): Step {
  const words = reason === undefined ? undefined : cleanReason(reason);
  return closing(state, conn, [send(conn.id, { type: 'bye', reason: 'goodbye', code: 'quit' })], 'quit', at, words);
}

/** The connection ended or must end: a drop, a slow consumer, or a protocol error. */
export function dropped(state: RoomState, id: ConnId, reason: LeaveReason, at: number, error?: { code: ErrorCode; message: string }): Step {
  const conn = state.conns.get(id);
  if (!conn) return unchanged(state);
  return closing(state, conn, error ? [refusal(id, error.code, error.message, true)] : [], reason, at);
}

/**
 * [SHUTDOWN] Everyone gets `bye` and is closed; nobody is announced leaving, since all are. The
 * sessions stay in the state, frozen (the reducer ignores connections while shutting down), so the
 * next boot holds them for their owners to resume ([RESUME-GRACE]).
 */
export function shutdown(state: RoomState, reason: string): Step {
  if (state.shuttingDown) return unchanged(state);
  const effects: Effect[] = [];
  for (const conn of state.conns.values()) {
    if (conn.heldUntil !== undefined) continue;
    effects.push(send(conn.id, { type: 'bye', reason, code: 'shutdown' }), { type: 'close', conn: conn.id, reason: 'shutdown' });
  }
  effects.push(log('info', 'shutting down', { connections: state.conns.size }));
  return { state: { ...state, shuttingDown: true }, effects };
}

/** The end of a nick's mute if it is in force at `at` (null: until unmuted), else undefined. */
function activeMute(state: RoomState, nick: string, at: number): number | null | undefined {
  const until = state.mutes.get(foldNick(nick));
  return until === undefined || (until !== null && until <= at) ? undefined : until;
}
