import { DEFAULT_HISTORY, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_TEXT_LENGTH } from '../protocol.js';

/** What the room reducer is configured with; plain data, fixed for a server's life. */
export interface RoomOptions {
  readonly maxFrameBytes: number;
  readonly maxTextLength: number;
  /** [HISTORY-DEFAULT] Messages kept per room and replayed on join. */
  readonly historyLimit: number;
  /** The message of the day, or null for none. */
  readonly motd: string | null;
  /** [OPER] The operators' shared secret, or null when nobody may become one. */
  readonly operSecret: string | null;
  /** [PASSWORD] The server password every hello must carry, or null for an open server. */
  readonly password: string | null;
  /** [CONN-CAP] Most connections at once, and from one host. */
  readonly maxConnections: number;
  readonly maxPerAddress: number;
  /** [FLOOD] Frames at once, per second (0: off), and refusals in a row before disconnection. */
  readonly floodBurst: number;
  readonly floodRate: number;
  readonly floodStrikes: number;
  /** [ROOM-CAP] Most rooms on the server, and rooms one member may be in. */
  readonly maxRooms: number;
  readonly maxRoomsPerMember: number;
}

export const defaultRoomOptions: RoomOptions = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxTextLength: DEFAULT_MAX_TEXT_LENGTH,
  historyLimit: DEFAULT_HISTORY,
  motd: null,
  operSecret: null,
  password: null,
  maxConnections: 10_000,
  maxPerAddress: 100,
  floodBurst: 10,
  floodRate: 2,
  floodStrikes: 20,
  maxRooms: 1_000,
  maxRoomsPerMember: 20,
};

/** [BOOT] The decision-relevant options, as recorded in the log: everything but the secrets. */
export type RoomConfig = Omit<RoomOptions, 'password' | 'operSecret'> & {
  /** Whether hellos need the server password (the verdict comes with each hello: [REDACT]). */
  readonly passwordRequired: boolean;
};

/**
 * [BOOT] The options a boot records in the log: every room option (the keys of
 * `defaultRoomOptions`, so a new option is recorded without more code), no secret.
 */
export function configOf(options: RoomOptions): RoomConfig {
  const config: Record<string, unknown> = { passwordRequired: options.password !== null };
  for (const key of Object.keys(defaultRoomOptions) as (keyof RoomOptions)[]) {
    if (key !== 'password' && key !== 'operSecret') config[key] = options[key];
  }
  return config as RoomConfig;
}
