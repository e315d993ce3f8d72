import type { AwayChangedFrame, LeaveReason, LeftFrame, MessageFrame, PresenceFrame, PrivateFrame, TopicChangedFrame } from '../protocol.js';
import { restoreFormatting } from './irc-format.js';
import { formatIrcLine, IRC_BODY_MAX, utf8Length } from './irc-message.js';
import { hostmask, IRC_SERVER } from './irc-session.js';

/** Which tags a reader gets: `time` with server-time, `msgid` with message-tags ([IRC-TAGS]). */
export interface TagChoice {
  readonly time: boolean;
  readonly msgid: boolean;
}

/** [IRC-TAGS] A server-time value; none for a time no date can show (the room never sends one). */
export function isoTime(ts: number): string | undefined {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The tags of a line for a reader's choice, or none. */
export function tagsFor(choice: TagChoice, ts: number, id?: number): Record<string, string> | undefined {
  const time = choice.time ? isoTime(ts) : undefined;
  const msgid = choice.msgid && id !== undefined ? String(id) : undefined;
  if (time === undefined && msgid === undefined) return undefined;
  return { ...(time === undefined ? {} : { time }), ...(msgid === undefined ? {} : { msgid }) };
}

/**
 * [IRC-SPLIT] A text too long for one 512-byte line is cut into several PRIVMSGs at character
 * boundaries (a native text may hold 4000 characters); an action stays an action in every piece.
 */
export function privmsgLines(source: string, target: string, text: string, action: boolean, tags?: Record<string, string>): string {
  const restored = restoreFormatting(text);
  const overhead = utf8Length(`:${source} PRIVMSG ${target} :\r\n`) + (action ? 9 : 0);
  const room = Math.max(64, IRC_BODY_MAX - overhead);
  let out = '';
  for (const piece of cut(restored, room)) {
    const body = action ? `\x01ACTION ${piece}\x01` : piece;
    out += formatIrcLine({ ...(tags ? { tags } : {}), source, command: 'PRIVMSG', params: [target, body] });
  }
  return out;
}

/** `text` in pieces of at most `maxBytes` UTF-8 bytes, never splitting a character; at least one piece. */
export function cut(text: string, maxBytes: number): string[] {
  if (utf8Length(text) <= maxBytes) return [text];
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    if (pair) i++;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** A room message (live or replayed) as IRC lines. */
export function renderMessage(frame: MessageFrame, choice: TagChoice): string {
  return privmsgLines(hostmask(frame.from), frame.room, frame.text, frame.kind === 'action', tagsFor(choice, frame.ts, frame.id));
}

/** A private message as IRC lines, to `to` (the reader, or the sender's own echo). */
export function renderPrivate(frame: PrivateFrame, choice: TagChoice): string {
  return privmsgLines(hostmask(frame.from), frame.to, frame.text, frame.kind === 'action', tagsFor(choice, frame.ts, frame.id));
}

const QUIT_WORDS: Readonly<Record<LeaveReason, string>> = {
  quit: 'Quit', part: 'Part', disconnected: 'Connection closed', 'slow-consumer': 'Excess output (slow consumer)',
  'protocol-error': 'Protocol error', kicked: 'Kicked', banned: 'Banned', timeout: 'Ping timeout', flooding: 'Excess flood',
};

/**
 * [IRC-QUIT] A `part` is a PART from that channel; any other leave is the person leaving the
 * server (rxchat's kick and ban disconnect), so it is a QUIT, told once per reader
 * (see `deliverShared`) however many channels they shared.
 */
export function renderLeft(frame: LeftFrame, choice: TagChoice): string {
  const tags = tagsFor(choice, frame.ts);
  const source = hostmask(frame.nick);
  const text = frame.text === undefined || frame.text === '' ? undefined : restoreFormatting(frame.text);
  if (frame.reason === 'part') {
    return formatIrcLine({ ...(tags ? { tags } : {}), source, command: 'PART', params: text === undefined ? [frame.room] : [frame.room, text] });
  }
  if ((frame.reason === 'kicked' || frame.reason === 'banned') && frame.by !== undefined) {
    return formatIrcLine({ ...(tags ? { tags } : {}), source: hostmask(frame.by), command: 'KICK', params: [frame.room, frame.nick, kickWords(frame.reason, frame.by, text)] });
  }
  // A kick's or ban's text already says who did it ("kicked by op: spam").
  const words = text === undefined ? QUIT_WORDS[frame.reason]
    : frame.reason === 'kicked' || frame.reason === 'banned' ? text : `${QUIT_WORDS[frame.reason]}: ${text}`;
  return formatIrcLine({ ...(tags ? { tags } : {}), source, command: 'QUIT', params: [words] });
}

/**
 * [IRC-KICK] The reason of a KICK line: the room's words ("kicked by op: spam", "banned by op for
 * 10m") without the "kicked by op" the KICK line already shows.
 */
function kickWords(reason: 'kicked' | 'banned', by: string, text: string | undefined): string {
  const head = `${reason} by ${by}`;
  if (text === undefined || !text.startsWith(head)) return text ?? QUIT_WORDS[reason];
  const rest = text.slice(head.length);
  return rest.startsWith(': ') ? rest.slice(2) : `${QUIT_WORDS[reason]}${rest}`;
}

/** A topic change (or a lock change, which re-tells the same topic) as `TOPIC`. */
export function renderTopicChange(frame: TopicChangedFrame, choice: TagChoice): string {
  const tags = tagsFor(choice, frame.ts);
  const source = frame.by === null ? IRC_SERVER : hostmask(frame.by);
  return formatIrcLine({ ...(tags ? { tags } : {}), source, command: 'TOPIC', params: [frame.room, restoreFormatting(frame.topic ?? '')] });
}

/** Any line from a person, with the reader's tags. */
export function renderFrom(nick: string, command: string, params: readonly string[], ts: number, choice: TagChoice): string {
  const tags = tagsFor(choice, ts);
  return formatIrcLine({ ...(tags ? { tags } : {}), source: hostmask(nick), command, params });
}

/**
 * [PRESENCE] A window's joins and leaves as the lines IRC clients keep their nick lists by: a PART
 * or QUIT per leave, then a JOIN per join. IRC has no quiet form: a `quiet` window reads the same.
 */
export function renderPresence(frame: PresenceFrame, choice: TagChoice): string {
  let text = '';
  for (const l of frame.left) {
    text += renderLeft({ type: 'left', ts: frame.ts, room: frame.room, nick: l.nick, reason: l.reason, ...(l.text === undefined ? {} : { text: l.text }), ...(l.by === undefined ? {} : { by: l.by }) }, choice);
  }
  for (const nick of frame.joined) text += renderFrom(nick, 'JOIN', [frame.room], frame.ts, choice);
  return text;
}

/**
 * [IRC-AWAY-NOTIFY] An away change as `:nick AWAY :reason`, or `:nick AWAY` when back, for the
 * readers who asked for away-notify.
 */
export function renderAway(frame: AwayChangedFrame, choice: TagChoice): string {
  return renderFrom(frame.nick, 'AWAY', frame.away === null ? [] : [restoreFormatting(frame.away)], frame.ts, choice);
}
