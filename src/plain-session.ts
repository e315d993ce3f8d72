import { assertNever } from './assert-never.js';
import { helpText, parseInput, type LocalCommand } from './commands.js';
import { formatPlain } from './plain-format.js';
import { emptyOutbox, enqueue, isDrained, settle, type PlainOutbox, type Pumped } from './plain-outbox.js';
import { LOBBY, PROTOCOL_VERSION, type ClientFrame, type ErrorCode, type ServerFrame } from './protocol.js';

/**
 * The plain client ([PLAIN]), for scripts and pipes: stdin lines go out as messages, and what
 * arrives is printed one event a line. Its behaviour is this pure reducer; streams/ feeds it.
 */

export type PlainInput =
  | { readonly type: 'connected' }
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'bad-frame'; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'disconnected'; readonly cause: string }
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'input-ended' }
  /** [PLAIN-PACE] The wait a `RATE_LIMITED` named is over: send the message in flight again. */
  | { readonly type: 'retry' };

export type PlainOutput =
  | { readonly type: 'send'; readonly frame: ClientFrame }
  | { readonly type: 'stdout'; readonly text: string }
  | { readonly type: 'stderr'; readonly text: string }
  /** Start reading stdin: the nickname was accepted. */
  | { readonly type: 'start-input' }
  /** Feed `input` back after `delayMs`. */
  | { readonly type: 'schedule'; readonly delayMs: number; readonly input: PlainInput }
  | { readonly type: 'exit'; readonly code: number };

export interface PlainState {
  readonly phase: 'connecting' | 'registering' | 'chatting' | 'leaving' | 'done';
  readonly nick: string;
  /** Where plain text goes: the room joined last ([PLAIN-ROOM]). */
  readonly room: string;
  /** Rooms this client is in, in the order it joined them. */
  readonly rooms: readonly string[];
  readonly lastPrivateFrom?: string;
  readonly ignored: readonly string[];
  /** The room welcome put this client in, until its `room` frame (which repeats the welcome) arrives. */
  readonly welcomeRoom?: string;
  /** [PASSWORD] Sent in the hello when the server needs one. */
  readonly password?: string;
  /** [PLAIN-PACE] Messages waiting for the server's answer, one in flight. */
  readonly outbox: PlainOutbox;
  /** The `quit` to send once the outbox is drained (after `/quit` or the end of input). */
  readonly quitPending?: ClientFrame;
  /** The exit code once the connection closes, when not 0. */
  readonly exitCode?: number;
}

/** [PLAIN-EXIT] 0: left cleanly or the server said goodbye; 1: connection lost; 2: nickname refused. */
export const EXIT_OK = 0;
export const EXIT_CONNECTION = 1;
export const EXIT_NICK = 2;

export const initialPlainState = (nick: string, password?: string): PlainState => ({
  phase: 'connecting', nick, room: LOBBY, rooms: [], ignored: [], outbox: emptyOutbox, ...(password === undefined ? {} : { password }),
});

export function reducePlain(state: PlainState, input: PlainInput): { state: PlainState; outputs: PlainOutput[] } {
  if (state.phase === 'done') return { state, outputs: [] };
  switch (input.type) {
    case 'connected':
      return next(state, 'registering', {
        type: 'send',
        frame: { type: 'hello', version: PROTOCOL_VERSION, nick: state.nick, ...(state.password === undefined ? {} : { password: state.password }) },
      });
    case 'frame':
      return onFrame(state, input.frame);
    case 'bad-frame':
      return { state, outputs: [{ type: 'stderr', text: `error: ${input.message}` }] };
    case 'disconnected':
      return state.phase === 'leaving'
        ? next(state, 'done', { type: 'exit', code: state.exitCode ?? EXIT_OK })
        : next(state, 'done', { type: 'stderr', text: `connection lost: ${input.cause}` }, { type: 'exit', code: EXIT_CONNECTION });
    case 'line':
      return onLine(state, input.text);
    case 'input-ended':
      return state.phase === 'chatting' ? leaveWhenDrained(state, { type: 'quit' }) : { state, outputs: [] };
    case 'retry':
      return state.outbox.inFlight && state.phase !== 'leaving'
        ? { state, outputs: [{ type: 'send', frame: state.outbox.inFlight }] }
        : { state, outputs: [] };
    default:
      return assertNever(input);
  }
}

function onLine(state: PlainState, text: string): { state: PlainState; outputs: PlainOutput[] } {
  if (state.phase !== 'chatting') return { state, outputs: [] };
  const parsed = parseInput(text, state);
  switch (parsed.kind) {
    case 'empty':
      return { state, outputs: [] };
    case 'error':
      return { state, outputs: [{ type: 'stderr', text: `error: ${parsed.message}` }] };
    case 'local':
      return onLocal(state, parsed.command);
    case 'frame': {
      const frame = parsed.frame;
      if (frame.type === 'quit') return leaveWhenDrained(state, frame);
      const pumped = enqueue(state.outbox, frame);
      return { state: { ...rejoined(state, frame), outbox: pumped.outbox }, outputs: pumped.send.map((f) => ({ type: 'send', frame: f })) };
    }
  }
}

/** [PLAIN-PACE] Leaves now if every message has been answered, else once they are. */
function leaveWhenDrained(state: PlainState, quit: ClientFrame): { state: PlainState; outputs: PlainOutput[] } {
  if (isDrained(state.outbox)) return next(state, 'leaving', { type: 'send', frame: quit });
  return { state: { ...state, quitPending: quit }, outputs: [] };
}

/** The answer to the message in flight arrived: send the next one, or the pending quit. */
function settled(state: PlainState, pumped: Pumped, ...before: PlainOutput[]): { state: PlainState; outputs: PlainOutput[] } {
  const moved = { ...state, outbox: pumped.outbox };
  const sends = pumped.send.map((frame): PlainOutput => ({ type: 'send', frame }));
  if (moved.quitPending && isDrained(moved.outbox)) {
    const { quitPending, ...rest } = moved;
    return next(rest, 'leaving', ...before, ...sends, { type: 'send', frame: quitPending });
  }
  return { state: moved, outputs: [...before, ...sends] };
}

/** [PLAIN-ROOM] `/join` of a room this client is already in makes it current again (the server only shows it). */
function rejoined(state: PlainState, frame: ClientFrame): PlainState {
  if (frame.type !== 'join' || !state.rooms.includes(frame.room) || state.room === frame.room) return state;
  return { ...state, room: frame.room, rooms: [...state.rooms.filter((r) => r !== frame.room), frame.room] };
}

function onLocal(state: PlainState, command: LocalCommand): { state: PlainState; outputs: PlainOutput[] } {
  switch (command.type) {
    case 'help':
      return { state, outputs: helpText(command.topic).map((text) => ({ type: 'stdout', text })) };
    case 'ignore':
      return { state: { ...state, ignored: [...new Set([...state.ignored, command.nick.toLowerCase()])] }, outputs: [{ type: 'stderr', text: `* ignoring ${command.nick}` }] };
    case 'unignore':
      return { state: { ...state, ignored: state.ignored.filter((n) => n !== command.nick.toLowerCase()) }, outputs: [{ type: 'stderr', text: `* no longer ignoring ${command.nick}` }] };
  }
}

/** Follows the rooms this client is in and its nickname, so lines are tagged right. */
function track(state: PlainState, frame: ServerFrame): PlainState {
  switch (frame.type) {
    case 'room':
      return state.rooms.includes(frame.room) ? state : { ...state, room: frame.room, rooms: [...state.rooms, frame.room] };
    case 'left': {
      if (frame.nick !== state.nick) return state;
      const rooms = state.rooms.filter((r) => r !== frame.room);
      return { ...state, rooms, room: state.room === frame.room ? (rooms[rooms.length - 1] ?? LOBBY) : state.room };
    }
    case 'nick': {
      if (frame.old === state.nick) return { ...state, nick: frame.nick };
      // /reply answers and /ignore hides the person, whatever they are called now.
      const old = frame.old.toLowerCase();
      const ignored = state.ignored.includes(old) ? [...state.ignored.filter((n) => n !== old), frame.nick.toLowerCase()] : state.ignored;
      return { ...state, ignored, ...(frame.old === state.lastPrivateFrom ? { lastPrivateFrom: frame.nick } : {}) };
    }
    case 'private':
      return { ...state, lastPrivateFrom: frame.from };
    default:
      return state;
  }
}

function isIgnored(state: PlainState, frame: ServerFrame): boolean {
  const from = frame.type === 'message' || frame.type === 'private' ? frame.from.toLowerCase() : undefined;
  return from !== undefined && state.ignored.includes(from);
}

function onFrame(state: PlainState, frame: ServerFrame): { state: PlainState; outputs: PlainOutput[] } {
  switch (frame.type) {
    case 'welcome': {
      const others = frame.members.length - 1;
      const text = `* connected as ${frame.nick} in ${frame.room} (${others} other member${others === 1 ? '' : 's'})`;
      return next({ ...state, nick: frame.nick, welcomeRoom: frame.room }, 'chatting', { type: 'stderr', text }, { type: 'start-input' });
    }
    case 'ack': {
      const paced = settle(state.outbox, frame.ref);
      return paced ? settled(state, paced) : { state, outputs: [] };
    }
    case 'error': {
      const paced = settle(state.outbox, frame.ref);
      if (paced && frame.code === 'RATE_LIMITED') {
        return { state, outputs: [{ type: 'schedule', delayMs: Math.max(50, frame.retryAfterMs ?? 500), input: { type: 'retry' } }] };
      }
      if (paced) return settled(state, paced, { type: 'stderr', text: `error: ${frame.message}` });
      if (state.phase === 'registering' && (frame.code === 'NICK_TAKEN' || frame.code === 'NICK_INVALID' || frame.code === 'BANNED' || frame.fatal)) {
        return next(state, 'done', { type: 'stderr', text: frame.message }, { type: 'exit', code: frame.fatal ? EXIT_CONNECTION : EXIT_NICK });
      }
      return { state, outputs: [{ type: 'stderr', text: `error: ${frame.message}` }] };
    }
    case 'bye':
      if (state.phase === 'leaving') return { state, outputs: [] };
      // [PLAIN-EXIT] A ban is a refusal for good: exit 1 when the connection closes.
      return next({ ...state, ...(frame.code === 'banned' ? { exitCode: EXIT_CONNECTION } : {}) }, 'leaving',
        { type: 'stderr', text: `* server closed the connection: ${frame.reason}` });
    default: {
      const tracked = track(state, frame);
      // The lobby's room frame right after welcome repeats what welcome said: track it silently.
      if (frame.type === 'room' && frame.room === state.welcomeRoom) {
        const { welcomeRoom: _, ...quiet } = tracked;
        return { state: quiet, outputs: [] };
      }
      if (isIgnored(state, frame)) return { state: tracked, outputs: [] };
      return { state: tracked, outputs: formatPlain(frame, tracked).map((text) => ({ type: 'stdout', text }) as const) };
    }
  }
}

function next(state: PlainState, phase: PlainState['phase'], ...outputs: PlainOutput[]) {
  return { state: { ...state, phase }, outputs };
}
