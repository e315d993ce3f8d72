import type { SearchCursor } from './archive-commands.js';
import { emptyOutbox, type PlainOutbox } from './plain-outbox.js';
import { LOBBY, type ClientFrame, type ErrorCode, type ServerFrame } from './protocol.js';

/**
 * The plain client's state and what goes in and out of its reducer ([PLAIN]): plain, readonly
 * data, so `reducePlain` is a pure function that tests can drive input by input.
 */

export type PlainInput =
  | { readonly type: 'connected' }
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'bad-frame'; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'disconnected'; readonly cause: string }
  /**
   * [PLAIN-RECONNECT] An attempt to connect to `server` failed (refused, unreachable), in words;
   * `roundOver` [SERVER-FAILOVER]: every server of the list has now failed in a row.
   */
  | { readonly type: 'failed'; readonly cause: string; readonly server: string; readonly roundOver: boolean }
  /** [PLAIN-RECONNECT] The next attempt, on `server` ([SERVER-FAILOVER]), is `delayMs` away; `at` is the clock's time now. */
  | { readonly type: 'retry-scheduled'; readonly attempt: number; readonly delayMs: number; readonly at: number; readonly server: string }
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'input-ended' }
  /** [PLAIN-PACE] The wait a `RATE_LIMITED` (or `STORAGE_FAILED`) named is over: send message `ref` again. */
  | { readonly type: 'retry'; readonly ref?: string };

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
  /** `host:port` of the server of the current (or next) attempt ([SERVER-FAILOVER]), for the words of a failure. */
  readonly server: string;
  /** [PLAIN-RECONNECT] How long the client may stay offline before it gives up (exit 1). */
  readonly reconnectForMs: number;
  /** Welcomed at least once: from then on a drop or a `shutdown` goodbye is reconnected. */
  readonly welcomed: boolean;
  /** [RESUME] The secret of the last welcome, shown in the next hello. */
  readonly resume?: string;
  /** [PLAIN-RECONNECT] When the first retry after a drop was scheduled; absent while connected. */
  readonly offlineSince?: number;
  /** Why the last connection or attempt ended. */
  readonly lastCause?: string;
  /**
   * [PLAIN-REPLAY] While the server replays the rooms after a reconnect: the `ping` ref whose `pong`
   * ends it, and the last id and time printed before the drop, what the replay is compared with.
   */
  readonly replay?: { readonly ref: string; readonly id: number; readonly ts: number };
  readonly nextPing: number;
  /**
   * [PLAIN-REPLAY] The highest message id and server time printed or acknowledged: a replayed
   * message at or below both, as they were at the drop, was seen already (a server that restarted
   * in memory counts ids from 1 again, but its times go on).
   */
  readonly lastId: number;
  readonly lastTs: number;
  /** [HISTORY-PAGE] The smallest message id shown per room, where `/history more` pages back from. */
  readonly oldest: Readonly<Record<string, number>>;
  /** [SEARCH-PAGE] The last search, where `/more` goes on. */
  readonly search?: SearchCursor;
  /** [STORAGE-FAILED] Times the message in flight was refused for storage so far. */
  readonly storageRetries: number;
}

/** [PLAIN-EXIT] 0: left cleanly or the server said goodbye; 1: connection lost (or not back in time); 2: nickname refused. */
export const EXIT_OK = 0;
export const EXIT_CONNECTION = 1;
export const EXIT_NICK = 2;

/** What a plain client is told once: the server password, the server's name, how long to try reconnecting. */
export interface PlainOptions {
  readonly password?: string;
  readonly server?: string;
  readonly reconnectForMs?: number;
}

/** [PLAIN-RECONNECT] Two minutes: the server holds a session that long by default ([RESUME-GRACE]). */
export const DEFAULT_RECONNECT_FOR_MS = 120_000;

export const initialPlainState = (nick: string, options: PlainOptions = {}): PlainState => ({
  phase: 'connecting', nick, room: LOBBY, rooms: [], ignored: [], outbox: emptyOutbox,
  ...(options.password === undefined ? {} : { password: options.password }),
  server: options.server ?? 'the server', reconnectForMs: options.reconnectForMs ?? DEFAULT_RECONNECT_FOR_MS,
  welcomed: false, nextPing: 1, lastId: 0, lastTs: 0, oldest: {}, storageRetries: 0,
});

/** One step of the reducer. */
export interface PlainStep {
  readonly state: PlainState;
  readonly outputs: PlainOutput[];
}

/** The step to `phase` with `outputs`. */
export function next(state: PlainState, phase: PlainState['phase'], ...outputs: PlainOutput[]): PlainStep {
  return { state: { ...state, phase }, outputs };
}
