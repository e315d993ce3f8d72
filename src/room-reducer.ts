import { assertNever } from './assert-never.js';
import type { RoomConfig, RoomEvent } from './events.js';
import type { ClientFrame } from './protocol.js';
import { ban, kick, mute, oper, unban, unmute } from './reducer/moderation.js';
import { defaultRoomOptions, type RoomOptions } from './reducer/options.js';
import { away, motd, whois } from './reducer/people.js';
import { join, listRooms, lockTopic, names, part, topic } from './reducer/rooms.js';
import { changeNick, dropped, hello, opened, quit, shutdown } from './reducer/session.js';
import { privateMessage, say } from './reducer/talk.js';
import { replayHistory, searchArchive } from './reducer/archive.js';
import { graceEnded, nodeGone, started } from './reducer/restart.js';
import type { Connection, RoomState } from './room-state.js';
import { floodGate, lineGate } from './reducer/flood-gate.js';
import { interpretLegacyLine } from './legacy-codec.js';
import { refuse, reply, unchanged, type Ctx, type Step } from './step.js';

export { defaultRoomOptions, type RoomOptions } from './reducer/options.js';
export type { Step } from './step.js';

/**
 * Creates the room reducer: `(state, event) -> { state, effects }`, pure and total. Events for
 * unknown (already closed) connections leave the state untouched, same reference, no effects.
 */
export function createRoomReducer(flags: RoomOptions = defaultRoomOptions) {
  const decideWith = createConfigCache(flags);
  return function reduceRoom(state: RoomState, event: RoomEvent): Step {
    // [SHUTDOWN] Sessions freeze while the server goes down: the next boot holds them as they are.
    if (state.shuttingDown && event.type !== 'conn/opened' && event.type.startsWith('conn/')) return unchanged(state);
    // [RESUME-GRACE] A held session has no socket here: a late event of its old connection (a node
    // that went on after the cluster gave it up, [NODE-GONE]) changes nothing; only a resume does.
    if (event.type !== 'conn/opened' && 'conn' in event && state.conns.get(event.conn)?.heldUntil !== undefined) return unchanged(state);
    const options = decideWith(state.config);
    switch (event.type) {
      case 'conn/opened':
        return opened(state, event, options);
      case 'conn/frame-received': {
        const conn = state.conns.get(event.conn);
        return conn ? frameReceived(state, conn, event.frame, event.at, options, event.sameLine === true) : unchanged(state);
      }
      case 'conn/protocol-error': {
        const error = { code: event.code, message: event.message };
        if (event.fatal) return dropped(state, event.conn, 'protocol-error', event.at, error);
        const conn = state.conns.get(event.conn);
        if (!conn) return unchanged(state);
        const gate = floodGate(state, conn, event.at, options);
        return gate.passed ? refuse(gate.state, conn.id, event.code, event.message) : gate.step;
      }
      case 'conn/slow-consumer':
        return dropped(state, event.conn, 'slow-consumer', event.at, { code: 'SLOW_CONSUMER', message: 'too much unread output' });
      case 'conn/closed':
        return dropped(state, event.conn, 'disconnected', event.at);
      case 'conn/timed-out':
        return timedOut(state, event.conn, event.phase, event.at);
      case 'server/shutdown-requested':
        return shutdown(state, event.reason);
      case 'server/started':
        return started(state, event);
      case 'server/grace-ended':
        return graceEnded(state, event.at);
      case 'node/gone':
        return nodeGone(state, event);
      default:
        return assertNever(event);
    }
  };
}

/**
 * [BOOT] The options a state is decided with: the recorded `config` of its boot when there is one
 * (so a replay decides as the live run did, whatever the flags are now), else the reducer's own.
 * Secrets are never in the config; their verdicts come with the events ([REDACT]).
 */
function createConfigCache(flags: RoomOptions): (config: RoomConfig | undefined) => RoomOptions {
  let last: RoomConfig | undefined;
  let options = flags;
  return (config) => {
    if (config === undefined) return flags;
    if (config !== last) {
      const { passwordRequired: _required, ...decided } = config;
      last = config;
      options = { ...flags, ...decided };
    }
    return options;
  };
}

/** [HANDSHAKE-TIMEOUT] and [IDLE]: the connection is closed with the reason. */
function timedOut(state: RoomState, id: number, phase: 'handshake' | 'idle', at: number): Step {
  const conn = state.conns.get(id);
  if (!conn || (phase === 'handshake' && conn.nick !== undefined)) return unchanged(state);
  const error = phase === 'handshake'
    ? { code: 'HANDSHAKE_TIMEOUT' as const, message: 'no valid hello in time' }
    : { code: 'IDLE_TIMEOUT' as const, message: 'no answer to ping' };
  return dropped(state, id, 'timeout', at, error);
}

/** [FLOOD] Every frame but `pong` and `quit` takes a token (see `floodGate`), one per line ([LINE-TOKEN]). */
function frameReceived(state: RoomState, conn: Connection, received: ClientFrame, at: number, options: RoomOptions, sameLine: boolean): Step {
  const frame = received.type === 'line' ? interpretLegacyLine(received, conn.nick !== undefined) : received;
  if (frame === undefined || frame.type === 'pong') return unchanged(state);
  // Leaving is never refused: a client that paced itself must be able to say goodbye.
  if (frame.type === 'quit') return quit(state, conn, at, frame.reason);
  const ref = 'ref' in frame ? frame.ref : undefined;
  const gate = sameLine ? lineGate(state, conn, ref) : floodGate(state, conn, at, options, ref);
  return gate.passed ? dispatch(gate.state, gate.conn, frame, at, options) : gate.step;
}

function dispatch(state: RoomState, conn: Connection, frame: Exclude<ClientFrame, { type: 'pong' | 'line' }>, at: number, options: RoomOptions): Step {
  switch (frame.type) {
    case 'hello':
      return hello(state, conn, frame, at, options);
    case 'ping':
      return reply(state, conn.id, { type: 'pong', ts: at, ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
    case 'quit':
      return quit(state, conn, at, frame.reason);
    default:
      if (conn.nick === undefined) {
        const ref = 'ref' in frame ? frame.ref : undefined;
        return refuse(state, conn.id, 'NOT_REGISTERED', 'say hello with a nickname first', ref);
      }
      return memberFrame({ state, conn: conn as Ctx<RoomOptions>['conn'], at, options }, frame);
  }
}

type MemberFrame = Exclude<ClientFrame, { type: 'hello' | 'ping' | 'pong' | 'quit' | 'line' }>;

function memberFrame(ctx: Ctx<RoomOptions>, frame: MemberFrame): Step {
  switch (frame.type) {
    case 'say': return say(ctx, frame);
    case 'msg': return privateMessage(ctx, frame);
    case 'history': return replayHistory(ctx, frame);
    case 'search': return searchArchive(ctx, frame);
    case 'join': return join(ctx, frame);
    case 'part': return part(ctx, frame);
    case 'names': return names(ctx, frame);
    case 'rooms': return listRooms(ctx.state, ctx.conn.id);
    case 'topic': return topic(ctx, frame);
    case 'lock-topic': return lockTopic(ctx, frame);
    case 'nick': return changeNick(ctx, frame);
    case 'whois': return whois(ctx, frame);
    case 'away': return away(ctx, frame);
    case 'motd': return motd(ctx.state, ctx.conn.id, ctx.options);
    case 'oper': return oper(ctx, frame);
    case 'kick': return kick(ctx, frame);
    case 'ban': return ban(ctx, frame);
    case 'unban': return unban(ctx, frame);
    case 'mute': return mute(ctx, frame);
    case 'unmute': return unmute(ctx, frame);
    default: return assertNever(frame);
  }
}
