import { assertNever } from './assert-never.js';
import type { Effect } from './effects.js';
import type { ConnId, RoomEvent } from './events.js';
import { withConnection, withMember, withoutConnection } from './membership.js';
import { describeNickProblem, foldNick, validateNick } from './nickname.js';
import {
  DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_TEXT_LENGTH, LOBBY, PROTOCOL_VERSION,
  type ClientFrame, type ErrorCode, type HelloFrame, type LeaveReason, type SayFrame,
} from './protocol.js';
import { initialRoomState, selectMemberNicks, selectRoomsOf, type Connection, type RoomState } from './room-state.js';
import { neutralizeControls } from './text-hygiene.js';

/** The outcome of one event: the next state and what must happen because of it. */
export interface Step {
  readonly state: RoomState;
  readonly effects: readonly Effect[];
}

export interface RoomOptions {
  readonly maxFrameBytes: number;
  readonly maxTextLength: number;
}

export const defaultRoomOptions: RoomOptions = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxTextLength: DEFAULT_MAX_TEXT_LENGTH,
};

const NO_EFFECTS: readonly Effect[] = [];

/**
 * Creates the room reducer: pure and total. Unknown or stale connections leave the state
 * untouched (same reference) and produce no effects.
 */
export function createRoomReducer(options: RoomOptions = defaultRoomOptions) {
  return function reduceRoom(state: RoomState, event: RoomEvent): Step {
    switch (event.type) {
      case 'conn/opened':
        return opened(state, event.conn, event.address, event.at);
      case 'conn/frame-received': {
        const conn = state.conns.get(event.conn);
        return conn ? frameReceived(state, conn, event.frame, event.at, options) : unchanged(state);
      }
      case 'conn/protocol-error':
        return protocolError(state, event.conn, event.code, event.message, event.fatal, event.at);
      case 'conn/slow-consumer':
        return dropped(state, event.conn, 'slow-consumer', event.at, 'slow consumer: too much unread output');
      case 'conn/closed':
        return dropped(state, event.conn, 'disconnected', event.at);
      case 'server/shutdown-requested':
        return shutdown(state, event.reason);
      default:
        return assertNever(event);
    }
  };
}

function unchanged(state: RoomState): Step {
  return { state, effects: NO_EFFECTS };
}

function opened(state: RoomState, id: ConnId, address: string, at: number): Step {
  if (state.shuttingDown || state.conns.has(id)) {
    return { state, effects: [...refuse(id, 'SERVER_SHUTDOWN', 'server is shutting down', true)] };
  }
  return {
    state: withConnection(state, { id, address, openedAt: at }),
    effects: [log('info', 'connection opened', { conn: id, address })],
  };
}

function frameReceived(state: RoomState, conn: Connection, frame: ClientFrame, at: number, options: RoomOptions): Step {
  switch (frame.type) {
    case 'hello':
      return hello(state, conn, frame, at, options);
    case 'say':
      return say(state, conn, frame, at, options);
    case 'ping':
      return { state, effects: [{ type: 'send', to: conn.id, frame: { type: 'pong', ts: at, ...refOf(frame) } }] };
    case 'quit':
      return leave(state, conn, 'quit', at, 'goodbye');
    default:
      return assertNever(frame);
  }
}

function hello(state: RoomState, conn: Connection, frame: HelloFrame, at: number, options: RoomOptions): Step {
  if (conn.nick !== undefined) return { state, effects: refuse(conn.id, 'ALREADY_REGISTERED', `you are already "${conn.nick}"`) };
  if (frame.version !== PROTOCOL_VERSION) {
    const message = `protocol version ${frame.version} is not supported; this server speaks ${PROTOCOL_VERSION}`;
    return closing(state, conn, refuse(conn.id, 'UNSUPPORTED_VERSION', message, true), 'protocol-error', at);
  }
  const valid = validateNick(frame.nick);
  if (!valid.ok) return { state, effects: refuse(conn.id, 'NICK_INVALID', describeNickProblem(valid.error)) };
  if (state.nicks.has(foldNick(frame.nick))) {
    return { state, effects: refuse(conn.id, 'NICK_TAKEN', `nickname "${frame.nick}" is taken`) };
  }
  const next = withMember(state, conn, frame.nick, LOBBY);
  const welcome = {
    type: 'welcome', version: PROTOCOL_VERSION, nick: frame.nick, room: LOBBY,
    members: selectMemberNicks(next, LOBBY),
    maxFrameBytes: options.maxFrameBytes, maxTextLength: options.maxTextLength,
  } as const;
  return {
    state: next,
    effects: [
      { type: 'send', to: conn.id, frame: welcome },
      { type: 'broadcast', room: LOBBY, except: conn.id, frame: { type: 'joined', ts: at, room: LOBBY, nick: frame.nick } },
      log('info', 'member joined', { conn: conn.id, nick: frame.nick }),
    ],
  };
}

function say(state: RoomState, conn: Connection, frame: SayFrame, at: number, options: RoomOptions): Step {
  const ref = refOf(frame);
  if (conn.nick === undefined) return { state, effects: refuse(conn.id, 'NOT_REGISTERED', 'say hello with a nickname first', false, ref) };
  if (frame.text.trim().length === 0) return { state, effects: refuse(conn.id, 'TEXT_EMPTY', 'message is empty', false, ref) };
  if (frame.text.length > options.maxTextLength) {
    const message = `message is longer than ${options.maxTextLength} characters`;
    return { state, effects: refuse(conn.id, 'TEXT_TOO_LONG', message, false, ref) };
  }
  const id = state.nextMessageId;
  const text = neutralizeControls(frame.text);
  return {
    state: { ...state, nextMessageId: id + 1 },
    effects: [
      { type: 'broadcast', room: LOBBY, except: conn.id, frame: { type: 'message', id, ts: at, room: LOBBY, from: conn.nick, text } },
      { type: 'send', to: conn.id, frame: { type: 'ack', id, ts: at, ...ref } },
    ],
  };
}

/** A member leaves on purpose: the others are told, the connection gets a `bye` and is closed. */
function leave(state: RoomState, conn: Connection, reason: LeaveReason, at: number, bye: string): Step {
  const effects: Effect[] = [{ type: 'send', to: conn.id, frame: { type: 'bye', reason: bye } }];
  return closing(state, conn, effects, reason, at);
}

/** Removes `conn`, tells the rooms it was in, and closes it after `effects`. */
function closing(state: RoomState, conn: Connection, effects: Effect[], reason: LeaveReason, at: number): Step {
  const next = withoutConnection(state, conn);
  const out = [...effects];
  if (conn.nick !== undefined) {
    for (const room of selectRoomsOf(state, conn.id)) {
      out.push({ type: 'broadcast', room, frame: { type: 'left', ts: at, room, nick: conn.nick, reason } });
    }
  }
  out.push({ type: 'close', conn: conn.id, reason }, log('info', 'connection closed', { conn: conn.id, reason }));
  return { state: next, effects: out };
}

function dropped(state: RoomState, id: ConnId, reason: LeaveReason, at: number, words?: string): Step {
  const conn = state.conns.get(id);
  if (!conn) return unchanged(state);
  const code: ErrorCode = 'SLOW_CONSUMER';
  return closing(state, conn, words ? refuse(id, code, words, true) : [], reason, at);
}

function protocolError(state: RoomState, id: ConnId, code: ErrorCode, message: string, fatal: boolean, at: number): Step {
  const conn = state.conns.get(id);
  if (!conn) return unchanged(state);
  const effects = refuse(id, code, message, fatal);
  return fatal ? closing(state, conn, effects, 'protocol-error', at) : { state, effects };
}

/** Every connection gets a `bye` and is closed; nobody is announced as leaving, since all are. */
function shutdown(state: RoomState, reason: string): Step {
  if (state.shuttingDown) return unchanged(state);
  const effects: Effect[] = [];
  for (const id of state.conns.keys()) {
    effects.push({ type: 'send', to: id, frame: { type: 'bye', reason } }, { type: 'close', conn: id, reason: 'shutdown' });
  }
  effects.push(log('info', 'shutting down', { connections: state.conns.size }));
  return { state: { ...initialRoomState, nextMessageId: state.nextMessageId, shuttingDown: true }, effects };
}

function refuse(to: ConnId, code: ErrorCode, message: string, fatal = false, ref: { ref?: string } = {}): Effect[] {
  return [{ type: 'send', to, frame: { type: 'error', code, message, fatal, ...ref } }];
}

function refOf(frame: { readonly ref?: string }): { ref?: string } {
  return frame.ref === undefined ? {} : { ref: frame.ref };
}

function log(level: 'info' | 'warn' | 'debug', msg: string, fields: Record<string, string | number | boolean>): Effect {
  return { type: 'log', level, msg, fields };
}
