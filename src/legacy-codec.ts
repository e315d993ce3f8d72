import { assertNever } from './assert-never.js';
import { LOBBY, PROTOCOL_VERSION, type ClientFrame, type LegacyLineFrame, type PresenceFrame, type ServerFrame } from './protocol.js';

/**
 * [LEGACY] The original Python chat's wire protocol, spoken by its unchanged clients and by netcat:
 * the first packet is a nickname, answered `TRUE` or `FALSE` (no newline); after that every packet
 * or line is a message, and the server sends `nick: message\n`. `/close` leaves.
 */

/** Per-connection flag the legacy adapter keeps: has the server said `TRUE` yet? */
export interface LegacyView {
  readonly registered: boolean;
}

/** [LEGACY-CLOSE] The original client leaves with any line that starts with `/close`. */
const CLOSE = /^\/close\b/i;

/** Turns one legacy line into a frame of the native protocol, or nothing for a blank line. */
export function decodeLegacyLine(line: string, view: LegacyView): Exclude<ClientFrame, LegacyLineFrame> | undefined {
  const text = line.trim();
  if (text.length === 0) return undefined;
  if (!view.registered) return { type: 'hello', version: PROTOCOL_VERSION, nick: text };
  if (CLOSE.test(text)) return { type: 'quit' };
  return { type: 'say', text: line };
}

/** [LEGACY-LINE] What a `line` frame means for a connection that is (or is not yet) registered. */
export function interpretLegacyLine(frame: LegacyLineFrame, registered: boolean): Exclude<ClientFrame, LegacyLineFrame> | undefined {
  return decodeLegacyLine(frame.text, { registered });
}

/**
 * Renders a frame for a legacy peer, or `undefined` when the original protocol has no words for it.
 * [LEGACY-LOBBY] A legacy peer lives in #lobby and sees only #lobby: no other room, no replayed history.
 */
export function encodeLegacy(frame: ServerFrame, view: LegacyView): string | undefined {
  switch (frame.type) {
    case 'welcome':
      return 'TRUE';
    case 'message':
      if (frame.room !== LOBBY || frame.history) return undefined;
      return frame.kind === 'action' ? `* ${frame.from} ${frame.text}\n` : `${frame.from}: ${frame.text}\n`;
    case 'private':
      return `*${frame.from}* ${frame.text}\n`;
    case 'joined':
      return frame.room === LOBBY ? `${frame.nick} joined!\n` : undefined;
    case 'left':
      if (frame.room !== LOBBY) return undefined;
      return frame.reason === 'part' ? `${frame.nick} left!\n` : `${frame.nick} disconnected!\n`;
    case 'presence':
      return frame.room === LOBBY && !frame.quiet ? presenceLines(frame) : undefined;
    case 'nick':
      return `${frame.old} is now known as ${frame.nick}\n`;
    case 'topic':
      return frame.room === LOBBY && frame.topic !== null ? `topic: ${frame.topic}\n` : undefined;
    case 'error':
      if (!view.registered && (frame.code === 'NICK_TAKEN' || frame.code === 'NICK_INVALID')) return 'FALSE';
      return `error: ${frame.message}\n`;
    case 'bye':
      return `server: ${frame.reason}\n`;
    case 'ack':
    case 'pong':
    case 'room':
    case 'rooms':
    case 'whois':
    case 'info':
    case 'ping':
    case 'search':
    case 'away':
      return undefined;
    default:
      return assertNever(frame);
  }
}

/**
 * [LEGACY-PRESENCE] A window's changes as the original protocol's peers read them: one line for
 * the joins and one for the leaves, `3 joined: ann, bob, cy` (a single one in the original words,
 * `ann joined!`); nothing above [PRESENCE-LIMIT] (`quiet`).
 */
function presenceLines(frame: PresenceFrame): string | undefined {
  let text = '';
  const { joined, left } = frame;
  if (joined.length === 1) text += `${joined[0]} joined!\n`;
  else if (joined.length > 1) text += `${joined.length} joined: ${joined.join(', ')}\n`;
  if (left.length === 1) text += left[0]!.reason === 'part' ? `${left[0]!.nick} left!\n` : `${left[0]!.nick} disconnected!\n`;
  else if (left.length > 1) text += `${left.length} left: ${left.map((l) => l.nick).join(', ')}\n`;
  return text === '' ? undefined : text;
}
