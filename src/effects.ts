import type { ConnId } from './events.js';
import type { ServerFrame } from './protocol.js';

/**
 * What the room decided should happen, as data; a driver carries it out.
 * - `send`: one frame to one connection.
 * - `broadcast`: one frame to every member of `room` but `except`; encoded once for all of them.
 * - `multicast`: one frame to a list of connections, encoded once.
 * - `close`: flush what was sent, then close the connection.
 * - `log`: an operator-facing record; never contains message text.
 */
export type Effect =
  | { readonly type: 'send'; readonly to: ConnId; readonly frame: ServerFrame }
  | { readonly type: 'broadcast'; readonly room: string; readonly except?: ConnId; readonly frame: ServerFrame }
  | { readonly type: 'multicast'; readonly to: readonly ConnId[]; readonly frame: ServerFrame }
  | { readonly type: 'close'; readonly conn: ConnId; readonly reason: string }
  | {
      readonly type: 'log';
      readonly level: 'debug' | 'info' | 'warn';
      readonly msg: string;
      readonly fields: Readonly<Record<string, string | number | boolean>>;
    };
