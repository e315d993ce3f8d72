import { formatPlain } from './plain-format.js';
import { settle } from './plain-outbox.js';
import { settled } from './plain-pace.js';
import { welcomedAgain } from './plain-reconnect.js';
import { EXIT_CONNECTION, EXIT_NICK, next, type PlainOutput, type PlainState, type PlainStep } from './plain-state.js';
import { LOBBY, type ErrorCode, type ErrorFrame, type MessageFrame, type ServerFrame } from './protocol.js';


/** [STORAGE-FAILED] Times a message the server could not store is sent again, a second apart, before it is reported lost. */
export const STORAGE_RETRIES = 30;

/** Fatal refusals that a later attempt may not meet: a client that was welcomed before tries again. */
const PASSING: readonly ErrorCode[] = ['SERVER_SHUTDOWN', 'TOO_MANY_CONNECTIONS', 'HANDSHAKE_TIMEOUT', 'IDLE_TIMEOUT'];

/** [PLAIN] What each server frame does to the plain client. */
export function onFrame(state: PlainState, frame: ServerFrame): PlainStep {
  switch (frame.type) {
    case 'welcome': {
      if (state.welcomed) return welcomedAgain(state, frame);
      // [WELCOME-MEMBERS] Who else is here comes with the room frame that follows.
      const text = `* connected as ${frame.nick} in ${frame.room}`;
      const welcomed = { ...state, nick: frame.nick, welcomeRoom: frame.room, welcomed: true, ...(frame.resume === undefined ? {} : { resume: frame.resume }) };
      return next(welcomed, 'chatting', { type: 'stderr', text }, { type: 'start-input' });
    }
    case 'ack': {
      const paced = settle(state.outbox, frame.ref);
      const seen = { ...state, lastId: Math.max(state.lastId, frame.id), lastTs: Math.max(state.lastTs, frame.ts) };
      return paced ? settled(seen, paced) : { state: seen, outputs: [] };
    }
    case 'error':
      return onError(state, frame);
    case 'bye':
      if (state.phase === 'leaving') return { state, outputs: [] };
      // [PLAIN-RECONNECT] A server going down for a restart: come back when it closes.
      if (frame.code === 'shutdown' && state.welcomed) return { state, outputs: [{ type: 'stderr', text: `* server closed the connection: ${frame.reason}; reconnecting` }] };
      // [PLAIN-EXIT] A ban is a refusal for good: exit 1 when the connection closes.
      return next({ ...state, ...(frame.code === 'banned' ? { exitCode: EXIT_CONNECTION } : {}) }, 'leaving',
        { type: 'stderr', text: `* server closed the connection: ${frame.reason}` });
    case 'pong':
      if (frame.ref === undefined || frame.ref !== state.replay?.ref) return { state, outputs: [] };
      return { state: withoutReplay(state), outputs: [] };
    default:
      return shown(state, frame);
  }
}

function onError(state: PlainState, frame: ErrorFrame): PlainStep {
  const paced = settle(state.outbox, frame.ref);
  const inFlight = state.outbox.inFlight;
  if (paced && inFlight && frame.code === 'RATE_LIMITED') {
    return { state, outputs: [{ type: 'schedule', delayMs: Math.max(50, frame.retryAfterMs ?? 500), input: { type: 'retry', ref: inFlight.ref } }] };
  }
  // [STORAGE-FAILED] Not stored, so not taken: send it again a little later, a bounded number of times.
  if (paced && inFlight && frame.code === 'STORAGE_FAILED' && state.storageRetries < STORAGE_RETRIES) {
    const words = state.storageRetries === 0 ? [{ type: 'stderr', text: `* the server could not store a message (${frame.message}); trying again` } as const] : [];
    return { state: { ...state, storageRetries: state.storageRetries + 1 }, outputs: [...words, { type: 'schedule', delayMs: Math.max(1000, frame.retryAfterMs ?? 0), input: { type: 'retry', ref: inFlight.ref } }] };
  }
  if (paced) return settled(state, paced, { type: 'stderr', text: `error: ${frame.message}` });
  if (state.welcomed && frame.fatal && PASSING.includes(frame.code)) {
    return { state, outputs: [{ type: 'stderr', text: `* ${frame.message}; trying again` }] };
  }
  if (state.phase === 'registering' && (frame.code === 'NICK_TAKEN' || frame.code === 'NICK_INVALID' || frame.code === 'BANNED' || frame.fatal)) {
    return next(state, 'done', { type: 'stderr', text: frame.message }, { type: 'exit', code: frame.fatal ? EXIT_CONNECTION : EXIT_NICK });
  }
  return { state, outputs: [{ type: 'stderr', text: `error: ${frame.message}` }] };
}

function withoutReplay(state: PlainState): PlainState {
  const { replay: _, ...rest } = state;
  return rest;
}

/** A frame that may print: tracked, then printed unless ignored or already seen ([PLAIN-REPLAY]). */
function shown(state: PlainState, frame: ServerFrame): PlainStep {
  const tracked = track(state, frame);
  // The lobby's room frame right after welcome is tracked silently: a script has no use for the list.
  if (frame.type === 'room' && frame.room === state.welcomeRoom && frame.after === undefined) {
    const { welcomeRoom: _, ...quiet } = tracked;
    return { state: quiet, outputs: [] };
  }
  if (state.replay !== undefined) {
    // [PLAIN-REPLAY] After a reconnect the server shows the rooms again: what was printed is not
    // printed twice, what was missed while away prints as if it had come live.
    if (frame.type === 'room' && state.rooms.includes(frame.room)) return { state: tracked, outputs: [] };
    if (frame.type === 'message' && frame.history === true) {
      // Against the marks of the drop, not the running ones: two messages may share a millisecond.
      const printed = frame.id <= state.replay.id && frame.ts <= state.replay.ts;
      if (printed || frame.from === state.nick) return { state: tracked, outputs: [] };
      const { history: _, ...live } = frame;
      return print(tracked, live);
    }
  }
  if (isIgnored(state, frame)) return { state: tracked, outputs: [] };
  return print(tracked, frame);
}

function print(state: PlainState, frame: ServerFrame): PlainStep {
  // [NAMES-PAGE] The rest of a long member list is asked for, page by page.
  const more: PlainOutput[] = frame.type === 'room' && frame.next !== undefined
    ? [{ type: 'send', frame: { type: 'names', room: frame.room, after: frame.next } }]
    : [];
  return { state, outputs: [...formatPlain(frame, state).map((text) => ({ type: 'stdout', text }) as const), ...more] };
}

/** Follows the rooms this client is in, its nickname, the ids it has seen and its last search. */
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
      return { ...state, lastPrivateFrom: frame.from, lastId: Math.max(state.lastId, frame.id), lastTs: Math.max(state.lastTs, frame.ts) };
    case 'message':
      return seen(state, frame);
    case 'search': {
      const last = frame.results[frame.results.length - 1];
      return { ...state, search: { room: frame.room, words: frame.words, ...(frame.more && last ? { before: last.id } : {}) } };
    }
    default:
      return state;
  }
}

/** [HISTORY-PAGE] The smallest id shown of a room, and the largest of all. */
function seen(state: PlainState, frame: MessageFrame): PlainState {
  const oldest = state.oldest[frame.room];
  return {
    ...state,
    lastId: Math.max(state.lastId, frame.id),
    lastTs: Math.max(state.lastTs, frame.ts),
    oldest: oldest !== undefined && oldest <= frame.id ? state.oldest : { ...state.oldest, [frame.room]: frame.id },
  };
}

function isIgnored(state: PlainState, frame: ServerFrame): boolean {
  const from = frame.type === 'message' || frame.type === 'private' ? frame.from.toLowerCase() : undefined;
  return from !== undefined && state.ignored.includes(from);
}
