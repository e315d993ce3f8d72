import type { SearchCursor } from '../archive-commands.js';
import { LOBBY } from '../protocol.js';
import { emptyHistory, type InputHistory } from './input-history.js';
import { emptyInput, type InputLine } from './input-line.js';
import type { Outgoing } from './outbox.js';
import { createScrollback, type Scrollback } from './scrollback.js';

/** Where the user is: choosing a nick, waiting for `welcome`, chatting, leaving, gone. */
export type ClientPhase = 'prompt' | 'registering' | 'chatting' | 'leaving' | 'done';

/** The connection as the status bar shows it. */
export interface ConnectionView {
  readonly status: 'connecting' | 'online' | 'offline';
  /** [SERVER-FAILOVER] The server of the current (or next) attempt, `host:port`. */
  readonly server: string;
  /** Failed attempts since the last successful connection. */
  readonly attempt: number;
  /** When offline: how long until the next attempt, and why the last one ended. */
  readonly retryInMs: number | undefined;
  readonly cause: string | undefined;
}

/** A room the user is in. `members` are sorted case-insensitively. */
export interface RoomView {
  readonly members: readonly string[];
  readonly topic: string | null;
  readonly unread: number;
  /** Whether an unread message there names the user. */
  readonly mentioned: boolean;
}

/** Tab completion in progress: `start` is where the completed word begins. */
export interface TabCycle {
  readonly start: number;
  readonly candidates: readonly string[];
  readonly index: number;
}

/** What the program decides once: the server's name, the bell, the scrollback size, the password. */
export interface ClientOptions {
  /** `host:port` of the first server to try, for the status bar until the first attempt names its own. */
  readonly server: string;
  readonly bell: boolean;
  readonly maxScrollback: number;
  /** [PASSWORD] The server password, sent in every hello. */
  readonly password?: string;
}

/** [TUI-STATE] Everything the terminal client knows: plain, readonly, serialisable data. */
export interface ClientState {
  readonly options: ClientOptions;
  readonly phase: ClientPhase;
  readonly conn: ConnectionView;
  /** The nickname asked for (and, once welcomed, held). */
  readonly nick: string | undefined;
  /** True between `welcome` and the end of this connection. */
  readonly registered: boolean;
  readonly room: string;
  readonly rooms: ReadonlyMap<string, RoomView>;
  readonly log: Scrollback;
  readonly outbox: readonly Outgoing[];
  /** Sent messages whose ack the connection lost, until `/resend` (bounded, newest kept). */
  readonly unconfirmed: readonly Outgoing[];
  /** [RESUME] The secret of the last welcome: the next hello shows it to take the session over. */
  readonly resume?: string;
  readonly nextRef: number;
  readonly input: InputLine;
  readonly history: InputHistory;
  readonly tab: TabCycle | undefined;
  /** Rows scrolled up from the newest line; 0 follows the conversation live. */
  readonly scroll: number;
  readonly size: { readonly cols: number; readonly rows: number };
  readonly latencyMs: number | undefined;
  readonly ping: { readonly ref: string; readonly at: number } | undefined;
  /** Case-folded nicknames whose messages are hidden ([TUI-IGNORE], client-side only). */
  readonly ignored: readonly string[];
  /** Who last wrote to us privately, for `/reply`. */
  readonly lastPrivate: string | undefined;
  readonly maxTextLength: number | undefined;
  /** Rooms whose `/names` answer is awaited: that `room` frame is printed, others update quietly. */
  readonly awaitingNames: readonly string[];
  /** The user was told that leaving now abandons queued messages ([TUI-QUIT]). */
  readonly quitWarned: boolean;
  /** [SEARCH-PAGE] The last search shown, where `/more` goes on. */
  readonly search: SearchCursor | undefined;
}

/** The state before anything happened: a prompt if no nickname was given. */
export function initialClientState(options: ClientOptions, nick: string | undefined, size = { cols: 80, rows: 24 }): ClientState {
  return {
    options, phase: nick === undefined ? 'prompt' : 'registering',
    conn: { status: 'connecting', server: options.server, attempt: 0, retryInMs: undefined, cause: undefined },
    nick, registered: false, room: LOBBY, rooms: new Map(), log: createScrollback(options.maxScrollback),
    outbox: [], unconfirmed: [], nextRef: 1, input: emptyInput, history: emptyHistory, tab: undefined, scroll: 0, size,
    latencyMs: undefined, ping: undefined, ignored: [], lastPrivate: undefined, maxTextLength: undefined, awaitingNames: [], quitWarned: false, search: undefined,
  };
}
