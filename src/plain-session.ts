import { assertNever } from './assert-never.js';
import { helpText, parseInput, type LocalCommand } from './commands.js';
import { onFrame } from './plain-frames.js';
import { enqueue } from './plain-outbox.js';
import { leaveWhenDrained } from './plain-pace.js';
import { connected, disconnected, failed, retryScheduled } from './plain-reconnect.js';
import type { PlainInput, PlainState, PlainStep } from './plain-state.js';
import type { ClientFrame } from './protocol.js';

/**
 * The plain client ([PLAIN]), for scripts and pipes: stdin lines go out as messages, and what
 * arrives is printed one event a line. Its behaviour is this pure reducer; streams/ feeds it.
 */
export { initialPlainState, DEFAULT_RECONNECT_FOR_MS, EXIT_OK, EXIT_CONNECTION, EXIT_NICK, type PlainInput, type PlainOutput, type PlainState, type PlainOptions } from './plain-state.js';


export function reducePlain(state: PlainState, input: PlainInput): PlainStep {
  if (state.phase === 'done') return { state, outputs: [] };
  switch (input.type) {
    case 'connected':
      return connected(state);
    case 'frame':
      return onFrame(state, input.frame);
    case 'bad-frame':
      return { state, outputs: [{ type: 'stderr', text: `error: ${input.message}` }] };
    case 'disconnected':
      return disconnected(state, input.cause);
    case 'failed':
      return failed(state, input);
    case 'retry-scheduled':
      return retryScheduled(state, input);
    case 'line':
      return onLine(state, input.text);
    case 'input-ended':
      return state.phase === 'chatting' || state.welcomed ? leaveWhenDrained(state, { type: 'quit' }) : { state, outputs: [] };
    case 'retry': {
      const inFlight = state.outbox.inFlight;
      const due = inFlight && state.phase === 'chatting' && (input.ref === undefined || input.ref === inFlight.ref);
      return due ? { state, outputs: [{ type: 'send', frame: inFlight }] } : { state, outputs: [] };
    }
    default:
      return assertNever(input);
  }
}

function onLine(state: PlainState, text: string): PlainStep {
  // [PLAIN-RECONNECT] While the connection is being made again, lines wait in the outbox.
  if (state.phase !== 'chatting' && !(state.welcomed && state.phase !== 'leaving')) return { state, outputs: [] };
  const oldest = state.oldest[state.room];
  const parsed = parseInput(text, { ...state, ...(oldest === undefined ? {} : { oldestId: oldest }) });
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
      const pumped = enqueue(state.outbox, frame, state.phase === 'chatting');
      return { state: { ...rejoined(state, frame), outbox: pumped.outbox }, outputs: pumped.send.map((f) => ({ type: 'send', frame: f })) };
    }
  }
}

/** [PLAIN-ROOM] `/join` of a room this client is already in makes it current again (the server only shows it). */
function rejoined(state: PlainState, frame: ClientFrame): PlainState {
  if (frame.type !== 'join' || !state.rooms.includes(frame.room) || state.room === frame.room) return state;
  return { ...state, room: frame.room, rooms: [...state.rooms.filter((r) => r !== frame.room), frame.room] };
}

function onLocal(state: PlainState, command: LocalCommand): PlainStep {
  switch (command.type) {
    case 'help':
      return { state, outputs: helpText(command.topic).map((text) => ({ type: 'stdout', text })) };
    case 'ignore':
      return { state: { ...state, ignored: [...new Set([...state.ignored, command.nick.toLowerCase()])] }, outputs: [{ type: 'stderr', text: `* ignoring ${command.nick}` }] };
    case 'unignore':
      return { state: { ...state, ignored: state.ignored.filter((n) => n !== command.nick.toLowerCase()) }, outputs: [{ type: 'stderr', text: `* no longer ignoring ${command.nick}` }] };
  }
}
