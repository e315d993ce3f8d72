import type { ClientFrame } from '../protocol.js';
import type { UnstampedEvent } from './client-event.js';

/**
 * [TUI-EFFECTS] What the client reducer asks the outside world to do, as data: write a frame
 * to the current connection, ring the terminal bell, feed an event back after a delay, drop a
 * dead connection, or end the program with an exit code (0 after leaving cleanly).
 */
export type ClientEffect =
  | { readonly type: 'send'; readonly frame: ClientFrame }
  | { readonly type: 'bell' }
  | { readonly type: 'schedule'; readonly event: UnstampedEvent; readonly delayMs: number }
  /** `message`, when given, is printed once the terminal is given back. */
  | { readonly type: 'exit'; readonly code: number; readonly message?: string }
  /** Close the current connection (it stopped answering); the reconnect schedule takes over. */
  | { readonly type: 'drop' };

/** The outcome of one event: the next state and what must happen because of it. */
export interface ClientStep<S> {
  readonly state: S;
  readonly effects: readonly ClientEffect[];
}
