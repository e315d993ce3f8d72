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
  | 'SERVER_SHUTDOWN';

// ---- client -> server --------------------------------------------------------------------

/** Registers a nickname; may be repeated until the server answers `welcome`. */
export interface HelloFrame {
  readonly type: 'hello';
  readonly version: number;
  readonly nick: string;
}

/** Says something in a room. `ref` is the client's own id, echoed in the `ack` or `error`. */
export interface SayFrame {
  readonly type: 'say';
  readonly text: string;
  readonly ref?: string;
}

/** Asks for a `pong`, to measure round-trip time and keep the connection alive. */
export interface PingFrame {
  readonly type: 'ping';
  readonly ref?: string;
}

/** Leaves: the server says goodbye and closes. */
export interface QuitFrame {
  readonly type: 'quit';
  readonly reason?: string;
}

export type ClientFrame = HelloFrame | SayFrame | PingFrame | QuitFrame;

// ---- server -> client --------------------------------------------------------------------

/** The nickname was accepted; the client is a member of `room`, shared with `members`. */
export interface WelcomeFrame {
  readonly type: 'welcome';
  readonly version: number;
  readonly nick: string;
  readonly room: string;
  readonly members: readonly string[];
  readonly maxFrameBytes: number;
  readonly maxTextLength: number;
}

/** A message from another member. `id` grows with the order the server received messages. */
export interface MessageFrame {
  readonly type: 'message';
  readonly id: number;
  readonly ts: number;
  readonly room: string;
  readonly from: string;
  readonly text: string;
}

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

/** Why a member left: on purpose, by dropping, or because the server dropped them. */
export type LeaveReason = 'quit' | 'disconnected' | 'slow-consumer' | 'protocol-error';

export interface LeftFrame {
  readonly type: 'left';
  readonly ts: number;
  readonly room: string;
  readonly nick: string;
  readonly reason: LeaveReason;
}

export interface PongFrame {
  readonly type: 'pong';
  readonly ts: number;
  readonly ref?: string;
}

/** Something was refused. `fatal` errors are followed by the server closing the connection. */
export interface ErrorFrame {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly message: string;
  readonly fatal: boolean;
  readonly ref?: string;
}

/** The server is closing this connection and says why; nothing follows. */
export interface ByeFrame {
  readonly type: 'bye';
  readonly reason: string;
}

export type ServerFrame =
  | WelcomeFrame
  | MessageFrame
  | AckFrame
  | JoinedFrame
  | LeftFrame
  | PongFrame
  | ErrorFrame
  | ByeFrame;
