import type { ClientFrame, ServerFrame } from '../protocol.js';

/** [IRC-SERVER-NAME] The name rxchat gives itself in every reply's source. */
export const IRC_SERVER = 'rxchat';

/** [IRC-CAPS] The IRCv3 capabilities offered in `CAP LS`, with their 302 values. */
export const IRC_CAPS = ['away-notify', 'echo-message', 'message-tags', 'multi-prefix', 'sasl', 'server-time'] as const;
export type IrcCap = (typeof IRC_CAPS)[number];
export const IRC_CAP_VALUES: Readonly<Partial<Record<IrcCap, string>>> = { sasl: 'PLAIN' };

/**
 * What a reply is answering, so that a refusal from the room can name its target (`401 me bob`)
 * and an answer can take the form the command wants (`WHO` reads a room as 352 lines, `NAMES` as
 * 353). One per client frame decoded from the current line, in order; the room answers a line
 * before the next is read, so the head is always the frame being answered.
 */
export interface IrcContext {
  readonly command: string;
  readonly target: string;
  /** The channel a nick-targeted command was given in (KICK), for 482. */
  readonly room?: string;
  /** The server frame type that answers this frame when it succeeds. */
  readonly answer?: ServerFrame['type'];
  /** NOTICE draws no error reply (RFC 2812 3.3.2). */
  readonly silent?: true;
  /** [IRC-MARK] The `ref` of the marker ping whose `pong` ends this frame's answers. */
  readonly mark?: string;
  /** [IRC-LOOKUP] The last nick of a USERHOST or ISON: its answer sends the gathered reply. */
  readonly last?: true;
  /** [IRC-WHOX] The fields (`%tcuhnfar` letters) and the query token of a `WHO mask %fields,token`. */
  readonly whox?: { readonly fields: string; readonly token?: string };
}

/** [IRC-FLOOD] Local replies held behind the native `ping` (this `ref`) that charges their line. */
export interface IrcLocal {
  readonly ref: string;
  readonly command: string;
  readonly replies: string;
}

/** [IRC-ORDER] Contexts (and held local replies) kept at once; a client past that is flooding anyway. */
export const IRC_AWAITING_MAX = 64;

/** [IRC-FLOOD] The `ref` prefix of the pings that charge locally answered lines to the room's flood gate. */
export const LOCAL_PREFIX = 'irc-local:';

/** A message the client sent, kept by its `ref` until the room acknowledges it (for echo-message). */
export interface IrcEcho {
  readonly ref: string;
  readonly command: 'PRIVMSG' | 'NOTICE';
  readonly target: string;
  readonly text: string;
  readonly kind?: 'action';
}

/** [IRC-ECHO-MAX] Unacknowledged messages remembered at once; the room answers each at once anyway. */
export const IRC_ECHO_MAX = 16;

/** The per-connection state of the IRC adapter: registration, capabilities, channels. Plain data. */
export interface IrcSession {
  /** `open` until the room welcomes the hello; `hello` while one is being answered. */
  readonly phase: 'open' | 'hello' | 'welcomed';
  /** The requested nick before the welcome, the current one after. */
  readonly nick?: string;
  readonly user?: string;
  readonly password?: string;
  /** True between `CAP LS`/`CAP REQ` and `CAP END`: registration waits ([IRC-CAP]). */
  readonly capNegotiating: boolean;
  readonly capVersion: number;
  readonly caps: ReadonlySet<IrcCap>;
  /** [IRC-SHARED] Which shared bytes this reader takes: bit 0 server-time, bit 1 message-tags. */
  readonly tagVariant: number;
  readonly sasl: 'none' | 'plain';
  /** Channels this connection is in, lower-cased, with whether their topic is locked. */
  readonly channels: ReadonlyMap<string, boolean>;
  readonly awaiting: readonly IrcContext[];
  readonly locals: readonly IrcLocal[];
  readonly echoes: readonly IrcEcho[];
  readonly nextRef: number;
  /** After 001-005, until the MOTD (or its absence) has been told. */
  readonly motdPending: boolean;
  /** `nick ts` of the last QUIT shown, so that a user leaving several shared rooms quits once. */
  readonly lastQuit?: string;
  /** [IRC-LOOKUP] What a USERHOST or ISON has gathered so far. */
  readonly gathered?: readonly string[];
  /** `nick ts` of the last AWAY shown ([IRC-AWAY-NOTIFY]): one line per change, not one per shared room. */
  readonly lastAway?: string;
}

export const initialIrcSession: IrcSession = {
  phase: 'open', capNegotiating: false, capVersion: 0, caps: new Set(), tagVariant: 0, sasl: 'none',
  channels: new Map(), awaiting: [], locals: [], echoes: [], nextRef: 1, motdPending: false,
};

/** What one received line turns into, in order: frames for the room and lines for this client. */
export type IrcOutput =
  | { readonly kind: 'frame'; readonly frame: ClientFrame }
  | { readonly kind: 'reply'; readonly line: string };

/** A session and what it produced. */
export interface IrcStep {
  readonly session: IrcSession;
  readonly out: readonly IrcOutput[];
}

/** The nick a reply is addressed to: `*` until there is one ([IRC-NUMERICS]). */
export function me(session: IrcSession): string {
  return session.phase === 'welcomed' ? session.nick! : '*';
}

/** `nick!nick@rxchat`: rxchat has no user names or hosts to show, so both are stand-ins. */
export function hostmask(nick: string): string {
  return `${nick}!${nick}@${IRC_SERVER}`;
}

export function hasCap(session: IrcSession, cap: IrcCap): boolean {
  return session.caps.has(cap);
}
