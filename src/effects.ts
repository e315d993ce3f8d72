import type { ConnId } from './events.js';
import type { JoinedFrame, LeftFrame, ServerFrame } from './protocol.js';

/**
 * What the room decided should happen, as data; a driver carries it out.
 * - `send`: one frame to one connection.
 * - `broadcast`: one frame to every member of `room` but `except`; encoded once for all of them.
 * - `multicast`: one frame to a list of connections, encoded once.
 * - `registered`: the connection was welcomed as `nick` (a hello or a resume): its protocol adapter
 *   now reads its lines as a member's, and its handshake timeout ends ([REGISTERED]). Comes before
 *   the welcome it announces.
 * - `presence`: [PRESENCE] `conn` joined or left `room`; the driver coalesces these per room and
 *   window and tells the room's members in one frame, after what was sent to the room before.
 * - `close`: flush what was sent, then close the connection.
 * - `archive`: read the room's archive ([ARCHIVE]) and answer `conn`: past what memory holds.
 * - `log`: an operator-facing record; never contains message text.
 */
export type Effect =
  | { readonly type: 'send'; readonly to: ConnId; readonly frame: ServerFrame }
  | { readonly type: 'broadcast'; readonly room: string; readonly except?: ConnId; readonly frame: ServerFrame }
  | { readonly type: 'multicast'; readonly to: readonly ConnId[]; readonly frame: ServerFrame }
  | { readonly type: 'registered'; readonly conn: ConnId; readonly nick: string }
  | { readonly type: 'presence'; readonly room: string; readonly conn: ConnId; readonly frame: JoinedFrame | LeftFrame }
  | { readonly type: 'close'; readonly conn: ConnId; readonly reason: string }
  | { readonly type: 'archive'; readonly conn: ConnId; readonly query: ArchiveRequest }
  | {
      readonly type: 'log';
      readonly level: 'debug' | 'info' | 'warn';
      readonly msg: string;
      readonly fields: Readonly<Record<string, string | number | boolean>>;
    };

/**
 * [ARCHIVE] A read of a room's archive the reducer allowed (the asker is a member). `history`: the
 * newest `limit` messages before `before`, answered as `message` frames with `history: true`, oldest
 * first; `search`: one page of a full-text search, answered as a `search` frame, newest first.
 */
export type ArchiveRequest =
  | { readonly kind: 'history'; readonly room: string; readonly limit: number; readonly before?: number }
  | { readonly kind: 'search'; readonly room: string; readonly words: string; readonly limit: number; readonly before?: number };
