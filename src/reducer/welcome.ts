import { PROTOCOL_VERSION, type WelcomeFrame } from '../protocol.js';
import type { Connection } from '../room-state.js';
import type { RoomOptions } from './options.js';

/**
 * The `welcome` of a registered connection, shown in `room`: its limits; `resumed` when it took an
 * earlier session over. The [RESUME] secret is not in the state: the server's edge adds it ([REDACT]).
 * [WELCOME-MEMBERS] No member list: the room frame that follows carries it.
 */
export function welcomeFrame(conn: Connection & { nick: string }, room: string, options: RoomOptions, resumed: boolean): WelcomeFrame {
  return {
    type: 'welcome', version: PROTOCOL_VERSION, nick: conn.nick, room, members: [],
    maxFrameBytes: options.maxFrameBytes, maxTextLength: options.maxTextLength,
    ...(resumed ? { resumed: true } : {}),
  };
}
