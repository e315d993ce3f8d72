import type { ServerFrame } from '../protocol.js';

/** Keys that are not text: editing, history, scrolling, completion, leaving. */
export type KeyName =
  | 'enter' | 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'up' | 'down'
  | 'pageup' | 'pagedown' | 'tab' | 'escape' | 'word-left' | 'word-right' | 'kill-word-back'
  | 'kill-to-start' | 'kill-to-end' | 'interrupt' | 'next-room' | 'previous-room' | 'scroll-end';

/**
 * [TUI-EVENTS] What the client reacts to, named by where it comes from; every event carries the
 * time it happened (`at`, ms since the epoch, from the injected clock).
 */
export type ClientEvent = { readonly at: number } & (
  /** [SERVER-FAILOVER] An attempt starts on `server` (`host:port`), the one the rotation chose. */
  | { readonly type: 'conn/connecting'; readonly server: string }
  | { readonly type: 'conn/connected' }
  | { readonly type: 'conn/frame-received'; readonly frame: ServerFrame }
  | { readonly type: 'conn/bad-frame'; readonly message: string }
  | { readonly type: 'conn/disconnected'; readonly cause: string }
  | { readonly type: 'conn/failed'; readonly cause: string; readonly server: string }
  /** The next attempt, on `server`, is `delayMs` away; `attempt` counts failures since the last connection. */
  | { readonly type: 'conn/retry-scheduled'; readonly attempt: number; readonly delayMs: number; readonly server: string }
  | { readonly type: 'key/typed'; readonly text: string }
  | { readonly type: 'key/pressed'; readonly key: KeyName }
  | { readonly type: 'mouse/wheel'; readonly direction: 'up' | 'down' }
  | { readonly type: 'term/resized'; readonly cols: number; readonly rows: number }
  | { readonly type: 'clock/ping-due' }
  | { readonly type: 'clock/leave-timeout' }
  | { readonly type: 'clock/send-due' }
);

/** Any event minus its time, as drivers produce it before it is stamped. */
export type UnstampedEvent = ClientEvent extends infer E ? E extends ClientEvent ? Omit<E, 'at'> : never : never;
