import type { Effect } from './effects.js';
import type { ConnId } from './events.js';
import type { ErrorCode, ServerFrame } from './protocol.js';
import type { Connection, RoomState } from './room-state.js';

/** The outcome of one event: the next state and what must happen because of it. */
export interface Step {
  readonly state: RoomState;
  readonly effects: readonly Effect[];
}

/** What every handler is given: the state, the registered sender, the event's time and the options. */
export interface Ctx<O> {
  readonly state: RoomState;
  readonly conn: Connection & { readonly nick: string };
  readonly at: number;
  readonly options: O;
}

const NO_EFFECTS: readonly Effect[] = [];

/** Nothing happens: the same state reference, no effects. */
export function unchanged(state: RoomState): Step {
  return { state, effects: NO_EFFECTS };
}

export function send(to: ConnId, frame: ServerFrame): Effect {
  return { type: 'send', to, frame };
}

/** [REGISTERED] The link's signal that `to` is now a member called `nick` (before its welcome). */
export function registered(to: ConnId, nick: string): Effect {
  return { type: 'registered', conn: to, nick };
}

/** An error frame for one connection; `fatal` ones are followed by a close. */
export function refusal(to: ConnId, code: ErrorCode, message: string, fatal = false, ref?: string): Effect {
  return send(to, { type: 'error', code, message, fatal, ...(ref === undefined ? {} : { ref }) });
}

/** A step that only refuses: the state stays. */
export function refuse(state: RoomState, to: ConnId, code: ErrorCode, message: string, ref?: string): Step {
  return { state, effects: [refusal(to, code, message, false, ref)] };
}

/** A step that only answers the sender. */
export function reply(state: RoomState, to: ConnId, ...frames: ServerFrame[]): Step {
  return { state, effects: frames.map((frame) => send(to, frame)) };
}

export function info(to: ConnId, text: string): Effect {
  return send(to, { type: 'info', text });
}

export function log(level: 'info' | 'warn' | 'debug', msg: string, fields: Record<string, string | number | boolean>): Effect {
  return { type: 'log', level, msg, fields };
}
