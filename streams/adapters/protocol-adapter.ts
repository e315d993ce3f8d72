import type { SplitItem } from '../../src/line-splitter.js';
import type { ClientFrame, ErrorCode, ServerFrame } from '../../src/protocol.js';

/**
 * [ADAPTER] One wire protocol at the edge. The room speaks only `ClientFrame`s and `ServerFrame`s;
 * an adapter turns a connection's bytes into the one and the other into bytes. It never decides
 * anything the reducer decides: it frames, decodes, renders, and answers what only its protocol
 * asks (an IRC `CAP LS`, say) with a local reply.
 */
export interface ProtocolAdapter {
  /** Stable name, as listeners and logs call it (`native`, `legacy`). */
  readonly id: string;
  /** [IDLE] Whether a silent peer is pinged (with this protocol's own ping) and timed out. */
  readonly pingsIdlePeers: boolean;
  /**
   * [LEGACY-PACE] Whether the server reads this peer no faster than [FLOOD] lets its lines through
   * (a protocol whose clients cannot pace themselves), instead of refusing what comes too fast.
   */
  readonly paced: boolean;
  /**
   * [BROADCAST-ONCE] The bytes of a frame shared by many recipients of this protocol, encoded once
   * per broadcast; `undefined` when the protocol has no words for it.
   */
  encodeShared(frame: ServerFrame): Uint8Array | undefined;
  /**
   * [SHARED-PER-READER] For a protocol whose shared bytes depend a little on the reader (IRC's tags,
   * by negotiated capability): the frame encoded once into something each reader's session turns
   * into its bytes (`takeShared`), instead of `encodeShared`'s one buffer for all.
   */
  shareFrame?(frame: ServerFrame): object | undefined;
  /** The state this protocol keeps for one connection, fresh for each. */
  open(limits: AdapterLimits): AdapterSession;
}

/** The limits an adapter frames and decodes with. */
export interface AdapterLimits {
  /** [FRAME-MAX] Longest line a line-framed protocol may send. */
  readonly maxFrameBytes: number;
  /** [TEXT-MAX] Longest text of a message, in UTF-16 units as the room counts them. */
  readonly maxTextLength: number;
}

/**
 * How one connection's bytes become lines: `push` takes a read, `next` hands out the next line (or
 * the news that one was too long) until it has none. Lines are handed out one at a time so that a
 * paced protocol can leave bytes waiting, where later bytes join them.
 */
export interface Framer {
  push(chunk: Uint8Array): void;
  next(): SplitItem | undefined;
  /** Whether `next` has a line now; taking none, so bytes pushed later may still join it. */
  hasLine(): boolean;
  /** Bytes pushed and not handed out yet. */
  readonly bufferedBytes: number;
}

/** What decoding one line gave: a frame for the room, a refusal to report, or bytes for this peer alone. */
export type Decoded =
  /** `sameLine`: [LINE-TOKEN] one more frame of the line the frame before it came from (one token pays for the line). */
  | { readonly kind: 'frame'; readonly frame: ClientFrame; readonly sameLine?: true }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string }
  | { readonly kind: 'reply'; readonly bytes: Uint8Array };

/** One connection's side of an adapter: its framing and whatever state its protocol needs. */
export interface AdapterSession {
  readonly framer: Framer;
  /** One line into zero or more frames, refusals and local replies, in order. Never throws on peer input. */
  decode(line: Uint8Array): readonly Decoded[];
  /** Bytes of a frame meant for this connection alone, or `undefined` if it has no wire form. */
  encode(frame: ServerFrame): Uint8Array | undefined;
  /** [REGISTERED] The room welcomed this connection as `nick`. */
  registered(nick: string): void;
  /** [SHARED-PER-READER] This reader's bytes of its adapter's `shareFrame` result, if any. */
  takeShared?(shared: object): Uint8Array | undefined;
}
