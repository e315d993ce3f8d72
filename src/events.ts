import type { ClientFrame, ErrorCode } from './protocol.js';
import type { RoomConfig } from './reducer/options.js';

export type { RoomConfig } from './reducer/options.js';

/** A connection's id, given by the server driver in accept order. */
export type ConnId = number;

/**
 * Facts the room reacts to, named by where they come from. All are plain, serialisable data,
 * stamped with the driver's clock (`at`, ms since the epoch), so a log of them replays exactly.
 */
export type RoomEvent =
  | {
      readonly type: 'conn/opened';
      readonly conn: ConnId;
      readonly address: string;
      readonly at: number;
      /**
       * [RESUME] A random secret the driver made for this connection; its welcome carries it. It never
       * reaches the reducer or the log: the server's redaction stage ([REDACT]) keeps it for the welcome
       * and passes on only its hash.
       */
      readonly token?: string;
      /** [RESUME] The SHA-256 of `token` (base64url): what the state keeps to recognise the secret later. */
      readonly resumeHash?: string;
    }
  | {
      readonly type: 'conn/frame-received';
      readonly conn: ConnId;
      readonly frame: ClientFrame;
      readonly at: number;
      /** [LINE-TOKEN] Decoded from the same client line as the frame before it, which paid its [FLOOD] token. */
      readonly sameLine?: true;
    }
  | {
      readonly type: 'conn/protocol-error';
      readonly conn: ConnId;
      readonly code: ErrorCode;
      readonly message: string;
      /** True when the byte stream cannot be trusted any more and the connection must end. */
      readonly fatal: boolean;
      readonly at: number;
    }
  | { readonly type: 'conn/slow-consumer'; readonly conn: ConnId; readonly queuedBytes: number; readonly at: number }
  | { readonly type: 'conn/closed'; readonly conn: ConnId; readonly cause: string; readonly at: number }
  /** [HANDSHAKE-TIMEOUT] no welcome in time, or [IDLE] no answer to the server's ping. */
  | { readonly type: 'conn/timed-out'; readonly conn: ConnId; readonly phase: 'handshake' | 'idle'; readonly at: number }
  | { readonly type: 'server/shutdown-requested'; readonly reason: string; readonly at: number }
  /**
   * [BOOT] A server process starts on this state: `boot` numbers it (connection ids of this boot are
   * `boot * 2**32 + n`), `config` is what it decides with (no secrets), and every session of earlier
   * boots is held for `graceMs` ([RESUME-GRACE]) for its owner to resume.
   */
  | {
      readonly type: 'server/started';
      readonly boot: number;
      readonly config: RoomConfig;
      readonly graceMs: number;
      readonly at: number;
      /**
       * [CLUSTER] The name of the node that starts, when it is one node of a cluster (issue 10): only
       * its own earlier boots' sessions are held, not the other nodes' live ones. Absent: one process.
       */
      readonly node?: string;
    }
  /**
   * [NODE-GONE] A cluster node's boot is over: `lost` when its lease lapsed (appended by a survivor),
   * `stopped` when it shut down gracefully (appended by itself). Its registered sessions are held for
   * `graceMs` ([RESUME-GRACE]) for their owners to resume on another node; a repeat is a no-op.
   */
  | { readonly type: 'node/gone'; readonly boot: number; readonly reason: 'lost' | 'stopped'; readonly graceMs: number; readonly at: number }
  /** [RESUME-GRACE] The grace of held sessions is over: those not resumed by `at` leave. */
  | { readonly type: 'server/grace-ended'; readonly at: number };
