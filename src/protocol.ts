/**
 * The native rxchat protocol, version 1: newline-delimited JSON over TCP, UTF-8.
 * Every frame is one JSON object on one line with a `type`. See docs/protocol.md.
 */

/** [PROTO-VERSION] The version a client states in its hello. */
export const PROTOCOL_VERSION = 1;

/** [FRAME-MAX] Default maximum size of one frame in bytes, newline excluded. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024;

/** [TEXT-MAX] Default maximum length of a message text, in UTF-16 code units. */
export const DEFAULT_MAX_TEXT_LENGTH = 4000;

/** The room every member joins on arrival. */
export const LOBBY = '#lobby';

/** Stable error codes: clients switch on these, never on the message words. */
export type ErrorCode =
  | 'BAD_JSON'
  | 'BAD_UTF8'
  | 'BAD_FRAME'
  | 'UNKNOWN_TYPE'
  | 'FRAME_TOO_LARGE'
  | 'UNSUPPORTED_VERSION'
  | 'NICK_INVALID'
  | 'NICK_TAKEN'
  | 'NOT_REGISTERED'
  | 'ALREADY_REGISTERED'
  | 'TEXT_EMPTY'
  | 'TEXT_TOO_LONG'
  | 'SLOW_CONSUMER'
  | 'SERVER_SHUTDOWN'
  | 'ROOM_INVALID'
  | 'NOT_IN_ROOM'
  | 'NO_SUCH_NICK'
  | 'NOT_OPERATOR'
  | 'OPER_FAILED'
  | 'TOPIC_LOCKED'
  | 'MUTED'
  | 'BANNED'
  | 'BAD_PASSWORD'
  | 'HANDSHAKE_TIMEOUT'
  | 'IDLE_TIMEOUT'
  | 'TOO_MANY_CONNECTIONS'
  | 'RATE_LIMITED'
  | 'FLOODING'
  | 'TOO_MANY_ROOMS'
  | 'STORAGE_FAILED';

// ---- client -> server --------------------------------------------------------------------

/** Registers a nickname; may be repeated until the server answers `welcome`. */
export interface HelloFrame {
  readonly type: 'hello';
  readonly version: number;
  readonly nick: string;
  /** [PASSWORD] The server password, when the server has one. */
  readonly password?: string;
  /** [RESUME] The `resume` token of an earlier welcome: take that session over, nickname and all. */
  readonly resume?: string;
  /** [NAMES-ALL] The lobby's whole member list now, in pages of [NAMES-PAGE], not just the first page. */
  readonly allNames?: true;
  /**
   * [RESUME-SEEN] With `resume`: the newest message id this client has shown. The resumed session
   * is sent what came after it in each room (as far as the room's `--history` reaches, at most
   * [RESUME-SEEN-MAX] in all) instead of the newest few: no gap after a short drop.
   */
  readonly seen?: number;
  /**
   * [REDACT] Set by the server's own edge, never read from the wire: whether `password` was right.
   * The edge removes the password itself, so no secret reaches the reducer or the log.
   */
  readonly passwordOk?: boolean;
}

/** How a text is meant: said, or acted (`/me waves`). */
export type TextKind = 'say' | 'action';

/**
 * Says something in a room the sender is in (default `#lobby`). `ref` is the client's own id,
 * echoed in the `ack` or `error`.
 */
export interface SayFrame {
  readonly type: 'say';
  readonly text: string;
  readonly room?: string;
  readonly kind?: TextKind;
  readonly ref?: string;
}

/** A private message to one nickname. */
export interface MsgFrame {
  readonly type: 'msg';
  readonly to: string;
  readonly text: string;
  readonly kind?: TextKind;
  readonly ref?: string;
}

/** Joins (and creates) a room; `allNames` ([NAMES-ALL]): every page of its members at once. */
export interface JoinFrame { readonly type: 'join'; readonly room: string; readonly allNames?: true }
/** Leaves a room. */
export interface PartFrame { readonly type: 'part'; readonly room: string; readonly reason?: string }
/** Asks for the topic (`text` absent) or sets it. */
export interface TopicFrame { readonly type: 'topic'; readonly room: string; readonly text?: string }
/** Asks for the list of rooms. */
export interface RoomsFrame { readonly type: 'rooms' }
/**
 * Asks for a room's members, a page at a time ([NAMES-PAGE]): without `after` the first page, with
 * it the page after that cursor (the `next` of the previous page).
 */
export interface NamesFrame { readonly type: 'names'; readonly room: string; readonly after?: string; readonly allNames?: true }
/** Changes nickname. */
export interface NickFrame { readonly type: 'nick'; readonly nick: string }
/** Asks about a person. */
export interface WhoisFrame { readonly type: 'whois'; readonly nick: string }
/** Marks the sender away (`reason` given) or back (`reason` absent). */
export interface AwayFrame { readonly type: 'away'; readonly reason?: string }
/**
 * [HISTORY] Asks for a room's last `limit` messages (at most [HISTORY-MAX]) again, or, with `before`, the
 * `limit` messages before that id: a client pages back by passing the smallest id it has.
 */
export interface HistoryFrame { readonly type: 'history'; readonly room: string; readonly limit?: number; readonly before?: number }
/** [SEARCH] Finds messages of a room whose text has every word; newest first, a page at a time. */
export interface SearchFrame { readonly type: 'search'; readonly room: string; readonly words: string; readonly before?: number }
/** Asks for the message of the day. */
export interface MotdFrame { readonly type: 'motd' }
/** Authenticates as an operator. */
export interface OperFrame {
  readonly type: 'oper';
  readonly secret: string;
  /** [REDACT] Set by the server's edge, which blanks `secret`: whether the secret was right. */
  readonly proven?: boolean;
}
/** Operator: disconnects a person. */
export interface KickFrame { readonly type: 'kick'; readonly nick: string; readonly reason?: string }
/** Operator: bans a nickname and its address, for `durationMs` or until the server restarts. */
export interface BanFrame { readonly type: 'ban'; readonly nick: string; readonly durationMs?: number }
export interface UnbanFrame { readonly type: 'unban'; readonly nick: string }
/** Operator: silences a person for `durationMs` or until unmuted. */
export interface MuteFrame { readonly type: 'mute'; readonly nick: string; readonly durationMs?: number }
export interface UnmuteFrame { readonly type: 'unmute'; readonly nick: string }
/** Operator: locks or unlocks a room's topic. */
export interface LockTopicFrame { readonly type: 'lock-topic'; readonly room: string; readonly locked: boolean }

/** Asks for a `pong`, to measure round-trip time and keep the connection alive. */
export interface PingFrame {
  readonly type: 'ping';
  readonly ref?: string;
}

/** Answers the server's `ping` ([IDLE]). */
export interface PongReplyFrame {
  readonly type: 'pong';
  readonly ref?: string;
}

/**
 * [LEGACY-LINE] One line of the original protocol, as its adapter read it: a nickname before the
 * connection is registered, a message (or `/close`) after. The reducer, which knows which, decides
 * (`interpretLegacyLine`), so a packet that holds the nickname and the first message together is
 * read right even when the welcome has not gone out yet. Never accepted from the native wire.
 */
export interface LegacyLineFrame {
  readonly type: 'line';
  readonly text: string;
}

/** Leaves: the server says goodbye and closes. */
export interface QuitFrame {
  readonly type: 'quit';
  readonly reason?: string;
}

export type ClientFrame =
  | HelloFrame | SayFrame | PingFrame | PongReplyFrame | QuitFrame | MsgFrame | JoinFrame | PartFrame | TopicFrame
  | RoomsFrame | NamesFrame | NickFrame | WhoisFrame | AwayFrame | HistoryFrame | MotdFrame
  | OperFrame | KickFrame | BanFrame | UnbanFrame | MuteFrame | UnmuteFrame | LockTopicFrame | SearchFrame
  | LegacyLineFrame;

// ---- server -> client --------------------------------------------------------------------

/**
 * The nickname was accepted; the client is a member of `room`, whose `room` frame follows.
 * [WELCOME-MEMBERS] `members` is always empty: the `room` frame carries the list (a count and the
 * first page), so the list is not sent twice; the field stays for version-1 clients that need it.
 */
export interface WelcomeFrame {
  readonly type: 'welcome';
  readonly version: number;
  readonly nick: string;
  readonly room: string;
  readonly members: readonly string[];
  readonly maxFrameBytes: number;
  readonly maxTextLength: number;
  /** [RESUME] Keep this secret: a later hello with it takes this session over after a drop. */
  readonly resume?: string;
  /** [RESUME] True when this welcome took an earlier session over (rooms, operator status, sent refs). */
  readonly resumed?: boolean;
}

/**
 * A message from another member. `id` grows with the order the server received messages.
 * `kind` is absent for plain speech; `history` marks a replay of an earlier message.
 */
export interface MessageFrame {
  readonly type: 'message';
  readonly id: number;
  readonly ts: number;
  readonly room: string;
  readonly from: string;
  readonly text: string;
  readonly kind?: 'action';
  readonly history?: true;
}

/** A private message, to its target only. */
export interface PrivateFrame {
  readonly type: 'private';
  readonly id: number;
  readonly ts: number;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly kind?: 'action';
}

/** [NAMES-PAGE] Most members a `room` frame answering `names` lists; `names` with `after` asks for the next page. */
export const NAMES_PAGE = 500;

/**
 * [NAMES-FIRST] Most members the `room` frame of a join (or a resume) lists: enough for a small
 * room whole, and little for a registration storm to build and send; a client that shows every
 * member asks `names` for the rest.
 */
export const NAMES_FIRST_PAGE = 50;

/**
 * A room as its member sees it: sent on joining it and on `names`. `members` is one page of at
 * most [NAMES-FIRST] (on joining) or [NAMES-PAGE] (on `names`) members, in the server's order; `count` is how many there are in all, and `next`, when
 * present, is the cursor of the following page. `after` echoes the cursor this page follows (absent
 * on a first page, which replaces what the client knew; a later page adds to it).
 */
export interface RoomFrame {
  readonly type: 'room';
  readonly room: string;
  readonly topic: string | null;
  readonly topicLocked: boolean;
  readonly members: readonly string[];
  readonly count: number;
  readonly next?: string;
  readonly after?: string;
  /** [ROOM-CREATED] When the room got its first member (ms since the epoch), when the server knows. */
  readonly createdAt?: number;
  /**
   * [NAMES-MARKS] Those of this page's `members` who are away, in the same order; absent when none
   * is. Changes after it come as `away` frames ([AWAY-NOTIFY]).
   */
  readonly away?: readonly string[];
  /** [NAMES-MARKS] Those of this page's `members` who are server operators, in the same order; absent when none is. */
  readonly opers?: readonly string[];
}

/** A room's topic: on `topic` queries and to every member when it changes. */
export interface TopicChangedFrame {
  readonly type: 'topic';
  readonly room: string;
  readonly topic: string | null;
  readonly by: string | null;
  readonly ts: number;
  readonly locked: boolean;
}

export interface RoomSummary { readonly name: string; readonly members: number; readonly topic: string | null }

export interface RoomsListFrame { readonly type: 'rooms'; readonly rooms: readonly RoomSummary[] }

/** Someone (possibly the receiver) changed nickname; sent to everyone sharing a room with them. */
export interface NickChangedFrame { readonly type: 'nick'; readonly old: string; readonly nick: string; readonly ts: number }

export interface WhoisReplyFrame {
  readonly type: 'whois';
  readonly nick: string;
  readonly rooms: readonly string[];
  readonly since: number;
  readonly idleMs: number;
  readonly away: string | null;
  readonly oper: boolean;
}

/** A notice from the server to one person: the message of the day, confirmations, away replies. */
export interface InfoFrame { readonly type: 'info'; readonly text: string }

/** The server took the sender's own message: it has this `id` and `ts`. */
export interface AckFrame {
  readonly type: 'ack';
  readonly id: number;
  readonly ts: number;
  readonly ref?: string;
}

export interface JoinedFrame {
  readonly type: 'joined';
  readonly ts: number;
  readonly room: string;
  readonly nick: string;
}

/** One leave in a `presence` frame. */
export interface PresenceLeave {
  readonly nick: string;
  readonly reason: LeaveReason;
  readonly text?: string;
  /** [KICK-BY] The operator, when the reason is `kicked` or `banned`. */
  readonly by?: string;
}

/**
 * [PRESENCE] Who joined and who left a room within one short window ([PRESENCE-WINDOW]), for every
 * member at once. Each nick appears at most once, in the list of its last change, so applying
 * `left` then `joined` to any member list the client got during the window gives the room's list.
 * `count` is the number of members after the window. `quiet` ([PRESENCE-LIMIT]): the room is
 * larger than the server's limit, so clients update their member list without printing a line.
 * A window holding a single change in a room within the limit is sent as `joined` or `left`.
 */
export interface PresenceFrame {
  readonly type: 'presence';
  readonly ts: number;
  readonly room: string;
  readonly joined: readonly string[];
  readonly left: readonly PresenceLeave[];
  readonly count: number;
  readonly quiet?: true;
}

/** Why a member left: on purpose, by dropping, or because the server dropped them. */
export type LeaveReason =
  | 'quit' | 'part' | 'disconnected' | 'slow-consumer' | 'protocol-error' | 'kicked' | 'banned' | 'timeout' | 'flooding';

export interface LeftFrame {
  readonly type: 'left';
  readonly ts: number;
  readonly room: string;
  readonly nick: string;
  readonly reason: LeaveReason;
  /** The leaver's or the operator's words, if any. */
  readonly text?: string;
  /** [KICK-BY] The operator who kicked or banned them (reason `kicked` or `banned`). */
  readonly by?: string;
}

/**
 * [AWAY-NOTIFY] A member of `room` went away (`away` holds the reason) or came back (`away` null).
 * Sent to the other members of each room the person is in, one frame per room; a reader who
 * shares several rooms with them gets one per room (the same `ts`).
 */
export interface AwayChangedFrame {
  readonly type: 'away';
  readonly ts: number;
  readonly room: string;
  readonly nick: string;
  readonly away: string | null;
}

export interface PongFrame {
  readonly type: 'pong';
  readonly ts: number;
  readonly ref?: string;
}

/**
 * Something was refused. `fatal` errors are followed by the server closing the connection.
 * `retryAfterMs` says when a `RATE_LIMITED` frame may be sent again.
 */
export interface ErrorFrame {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly message: string;
  readonly fatal: boolean;
  readonly ref?: string;
  readonly retryAfterMs?: number;
}

/** [IDLE] The server has heard nothing for a while: answer `pong` with the same `ref`, or be closed. */
export interface ServerPingFrame {
  readonly type: 'ping';
  readonly ref: string;
}

/** Why the server says goodbye: clients reconnect after `shutdown`, never after the others. */
export type ByeCode = 'quit' | 'kicked' | 'banned' | 'shutdown' | 'resumed';

/** The server is closing this connection and says why; nothing follows. */
export interface ByeFrame {
  readonly type: 'bye';
  readonly reason: string;
  readonly code?: ByeCode;
}

/**
 * [SEARCH] One page of search results, newest first. `more` says an older page may exist: ask again
 * with `before` set to the smallest id of this page.
 */
export interface SearchResultsFrame {
  readonly type: 'search';
  readonly room: string;
  readonly words: string;
  readonly results: readonly MessageFrame[];
  readonly more: boolean;
}

export type ServerFrame =
  | WelcomeFrame | MessageFrame | AckFrame | JoinedFrame | LeftFrame | PresenceFrame | PongFrame | ErrorFrame | ByeFrame
  | PrivateFrame | RoomFrame | TopicChangedFrame | RoomsListFrame | NickChangedFrame | WhoisReplyFrame | InfoFrame
  | ServerPingFrame | SearchResultsFrame | AwayChangedFrame;

/** [HISTORY-DEFAULT] Messages a room keeps and replays to whoever joins it. */
export const DEFAULT_HISTORY = 50;

/** [HISTORY-MAX] The most messages one `history` frame may ask for. */
export const HISTORY_MAX = 1000;

/** [SEARCH-PAGE] Results in one page of a search; [SEARCH-WORDS] the longest search, in characters. */
export const SEARCH_PAGE = 20;
export const SEARCH_WORDS_MAX = 200;
