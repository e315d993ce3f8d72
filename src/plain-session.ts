import { assertNever } from './assert-never.js';
import { PROTOCOL_VERSION, type ClientFrame, type ErrorCode, type ServerFrame } from './protocol.js';

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
  | { readonly type: 'input-ended' };

export type PlainOutput =
  | { readonly type: 'send'; readonly frame: ClientFrame }
  | { readonly type: 'stdout'; readonly text: string }
  | { readonly type: 'stderr'; readonly text: string }
  /** Start reading stdin: the nickname was accepted. */
  | { readonly type: 'start-input' }
  | { readonly type: 'exit'; readonly code: number };

export interface PlainState {
  readonly phase: 'connecting' | 'registering' | 'chatting' | 'leaving' | 'done';
  readonly nick: string;
}

/** [PLAIN-EXIT] 0: left cleanly or the server said goodbye; 1: connection lost; 2: nickname refused. */
export const EXIT_OK = 0;
export const EXIT_CONNECTION = 1;
export const EXIT_NICK = 2;

export const initialPlainState = (nick: string): PlainState => ({ phase: 'connecting', nick });

const CLOSE = /^\/(close|quit)\b\s*(.*)$/i;

export function reducePlain(state: PlainState, input: PlainInput): { state: PlainState; outputs: PlainOutput[] } {
  if (state.phase === 'done') return { state, outputs: [] };
  switch (input.type) {
    case 'connected':
      return next(state, 'registering', { type: 'send', frame: { type: 'hello', version: PROTOCOL_VERSION, nick: state.nick } });
    case 'frame':
      return onFrame(state, input.frame);
    case 'bad-frame':
      return { state, outputs: [{ type: 'stderr', text: `error: ${input.message}` }] };
    case 'disconnected':
      return state.phase === 'leaving'
        ? next(state, 'done', { type: 'exit', code: EXIT_OK })
        : next(state, 'done', { type: 'stderr', text: `connection lost: ${input.cause}` }, { type: 'exit', code: EXIT_CONNECTION });
    case 'line':
      return onLine(state, input.text);
    case 'input-ended':
      return state.phase === 'chatting' ? next(state, 'leaving', { type: 'send', frame: { type: 'quit' } }) : { state, outputs: [] };
    default:
      return assertNever(input);
  }
}

function onLine(state: PlainState, text: string): { state: PlainState; outputs: PlainOutput[] } {
  if (state.phase !== 'chatting') return { state, outputs: [] };
  const close = CLOSE.exec(text.trim());
  if (close) {
    const reason = close[2] ? { reason: close[2] } : {};
    return next(state, 'leaving', { type: 'send', frame: { type: 'quit', ...reason } });
  }
  if (text.trim().length === 0) return { state, outputs: [] };
  return { state, outputs: [{ type: 'send', frame: { type: 'say', text } }] };
}

function onFrame(state: PlainState, frame: ServerFrame): { state: PlainState; outputs: PlainOutput[] } {
  switch (frame.type) {
    case 'welcome': {
      const others = frame.members.length - 1;
      const text = `* connected as ${frame.nick} in ${frame.room} (${others} other member${others === 1 ? '' : 's'})`;
      return next(state, 'chatting', { type: 'stderr', text }, { type: 'start-input' });
    }
    case 'error':
      if (state.phase === 'registering' && (frame.code === 'NICK_TAKEN' || frame.code === 'NICK_INVALID' || frame.fatal)) {
        return next(state, 'done', { type: 'stderr', text: frame.message }, { type: 'exit', code: frame.fatal ? EXIT_CONNECTION : EXIT_NICK });
      }
      return { state, outputs: [{ type: 'stderr', text: `error: ${frame.message}` }] };
    case 'bye':
      return state.phase === 'leaving'
        ? { state, outputs: [] }
        : next(state, 'leaving', { type: 'stderr', text: `* server closed the connection: ${frame.reason}` });
    default:
      return print(state, formatPlain(frame));
  }
}

/** [PLAIN-LINES] The stdout line of an event, or `undefined` for frames that print nothing. */
export function formatPlain(frame: ServerFrame): string | undefined {
  switch (frame.type) {
    case 'message':
      return `${frame.from}: ${frame.text}`;
    case 'joined':
      return `* ${frame.nick} joined`;
    case 'left':
      return `* ${frame.nick} disconnected`;
    default:
      return undefined;
  }
}

function print(state: PlainState, line: string | undefined) {
  return { state, outputs: line === undefined ? [] : [{ type: 'stdout', text: line } as const] };
}

function next(state: PlainState, phase: PlainState['phase'], ...outputs: PlainOutput[]) {
  return { state: { ...state, phase }, outputs };
}
