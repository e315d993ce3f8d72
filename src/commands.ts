import { parseHistory, parseMore, parseSearch, type ArchiveParse, type SearchCursor } from './archive-commands.js';
import { parseDuration } from './duration.js';
import type { ClientFrame } from './protocol.js';
import { validateRoom } from './room-name.js';

/**
 * [COMMANDS] The slash commands every client understands, parsed from a typed line into a frame
 * for the server, a command the client handles itself, or a usage error. One table feeds `/help`,
 * Tab completion and docs/commands.md.
 */
export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly oper?: true;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'join', usage: '/join #room', summary: 'join a room (creating it) and make it current' },
  { name: 'part', usage: '/part [#room] [reason]', summary: 'leave a room (default: the current one)' },
  { name: 'rooms', usage: '/rooms', summary: 'list rooms with their member counts' },
  { name: 'topic', usage: '/topic [#room] [text]', summary: 'show or set the topic' },
  { name: 'names', usage: '/names [#room]', summary: 'list the members of a room' },
  { name: 'nick', usage: '/nick new', summary: 'change your nickname' },
  { name: 'whois', usage: '/whois nick', summary: 'rooms, connected since, idle time, away message' },
  { name: 'away', usage: '/away [reason]', summary: 'mark yourself away' },
  { name: 'back', usage: '/back', summary: 'mark yourself back' },
  { name: 'msg', usage: '/msg nick text', summary: 'send a private message' },
  { name: 'reply', usage: '/reply text', summary: 'answer the last private message' },
  { name: 'me', usage: '/me action', summary: 'act: "* you action"' },
  { name: 'history', usage: '/history [N | more [N]]', summary: 'replay the last N messages of the room (at most 1000), or N more before the oldest shown' },
  { name: 'search', usage: '/search [--before ID] words', summary: 'find messages of the room with every word, newest first, 20 a page' },
  { name: 'more', usage: '/more', summary: 'the next page of the last /search' },
  { name: 'motd', usage: '/motd', summary: 'show the message of the day' },
  { name: 'help', usage: '/help [command]', summary: 'list commands, or explain one' },
  { name: 'ignore', usage: '/ignore nick', summary: 'hide messages from nick (this client only)' },
  { name: 'unignore', usage: '/unignore nick', summary: 'show messages from nick again' },
  { name: 'quit', usage: '/quit [reason]', summary: 'leave the server' },
  { name: 'close', usage: '/close', summary: 'leave the server (as the original chat)' },
  { name: 'oper', usage: '/oper secret', summary: 'become an operator' },
  { name: 'kick', usage: '/kick nick [reason]', summary: 'disconnect someone', oper: true },
  { name: 'ban', usage: '/ban nick [duration]', summary: 'ban a nick and its address (e.g. 10m, 2h, 7d)', oper: true },
  { name: 'unban', usage: '/unban nick', summary: 'lift a ban', oper: true },
  { name: 'mute', usage: '/mute nick [duration]', summary: 'silence someone', oper: true },
  { name: 'unmute', usage: '/unmute nick', summary: 'let someone speak again', oper: true },
  { name: 'locktopic', usage: '/locktopic [#room]', summary: 'only operators may change the topic', oper: true },
  { name: 'unlocktopic', usage: '/unlocktopic [#room]', summary: 'anyone in the room may change the topic', oper: true },
];

/** Commands a client carries out itself. */
export type LocalCommand =
  | { readonly type: 'help'; readonly topic?: string }
  | { readonly type: 'ignore'; readonly nick: string }
  | { readonly type: 'unignore'; readonly nick: string };

export type ParsedInput =
  | { readonly kind: 'frame'; readonly frame: ClientFrame }
  | { readonly kind: 'local'; readonly command: LocalCommand }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'empty' };

/**
 * What the parser needs from the client: its current room, who last wrote privately, the oldest
 * message id it shows of the current room ([HISTORY-PAGE]) and its last search ([SEARCH-PAGE]).
 */
export interface InputContext {
  readonly room: string;
  readonly lastPrivateFrom?: string;
  readonly oldestId?: number;
  readonly search?: SearchCursor;
}

const frame = (f: ClientFrame): ParsedInput => ({ kind: 'frame', frame: f });
const local = (command: LocalCommand): ParsedInput => ({ kind: 'local', command });
const fail = (message: string): ParsedInput => ({ kind: 'error', message });

/**
 * Parses one typed line. Text is a message to the current room; `//text` sends `/text` literally;
 * `/name args` is a command from `COMMANDS`. Never throws.
 */
export function parseInput(line: string, ctx: InputContext): ParsedInput {
  if (line.trim() === '') return { kind: 'empty' };
  if (!line.startsWith('/')) return frame({ type: 'say', text: line, room: ctx.room });
  if (line.startsWith('//')) return frame({ type: 'say', text: line.slice(1), room: ctx.room });
  const match = /^\/(\S+)\s*(.*)$/s.exec(line);
  if (!match) return fail('a command needs a name after "/"; /help lists them');
  const name = match[1]!.toLowerCase();
  const rest = match[2]!.trim();
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) return fail(`unknown command /${name}; /help lists them`);
  return parseCommand(spec, rest, ctx);
}

function parseCommand(spec: CommandSpec, rest: string, ctx: InputContext): ParsedInput {
  const [first = '', ...others] = rest === '' ? [] : rest.split(/\s+/);
  const tail = rest.slice(first.length).trim();
  const usage = () => fail(`usage: ${spec.usage}`);
  const roomArg = first.startsWith('#') ? first : undefined;
  const room = roomArg ?? ctx.room;
  const afterRoom = roomArg ? tail : rest;
  switch (spec.name) {
    case 'join': {
      if (!first || others.length > 0) return usage();
      const valid = validateRoom(first);
      return valid.ok ? frame({ type: 'join', room: valid.value }) : fail(valid.error);
    }
    case 'part': return frame({ type: 'part', room, ...(afterRoom ? { reason: afterRoom } : {}) });
    case 'rooms': return rest ? usage() : frame({ type: 'rooms' });
    // `""` is how a topic is cleared: an empty text.
    case 'topic': return frame({ type: 'topic', room, ...(afterRoom ? { text: afterRoom === '""' ? '' : afterRoom } : {}) });
    case 'names': return others.length > 0 || (first && !roomArg) ? usage() : frame({ type: 'names', room });
    case 'nick': return first && others.length === 0 ? frame({ type: 'nick', nick: first }) : usage();
    case 'whois': return first && others.length === 0 ? frame({ type: 'whois', nick: first }) : usage();
    case 'away': return frame({ type: 'away', reason: rest || 'away' });
    case 'back': return rest ? usage() : frame({ type: 'away' });
    case 'msg': return first && tail ? frame({ type: 'msg', to: first, text: tail }) : usage();
    case 'reply':
      if (!rest) return usage();
      return ctx.lastPrivateFrom ? frame({ type: 'msg', to: ctx.lastPrivateFrom, text: rest }) : fail('nobody has written to you privately yet');
    case 'me': return rest ? frame({ type: 'say', text: rest, room: ctx.room, kind: 'action' }) : usage();
    case 'history': return archived(parseHistory(rest, ctx.room, ctx.oldestId, spec.usage));
    case 'search': return archived(parseSearch(rest, ctx.room, spec.usage));
    case 'more': return archived(parseMore(rest, ctx.search, spec.usage));
    case 'motd': return rest ? usage() : frame({ type: 'motd' });
    case 'help': return local({ type: 'help', ...(first ? { topic: first.replace(/^\//, '') } : {}) });
    case 'ignore': return first && others.length === 0 ? local({ type: 'ignore', nick: first }) : usage();
    case 'unignore': return first && others.length === 0 ? local({ type: 'unignore', nick: first }) : usage();
    case 'quit':
    case 'close': return frame({ type: 'quit', ...(rest ? { reason: rest } : {}) });
    case 'oper': return rest ? frame({ type: 'oper', secret: rest }) : usage();
    case 'kick': return first ? frame({ type: 'kick', nick: first, ...(tail ? { reason: tail } : {}) }) : usage();
    case 'ban':
    case 'mute': return parseTimed(spec.name, first, others, usage);
    case 'unban':
    case 'unmute': return first && others.length === 0 ? frame({ type: spec.name, nick: first }) : usage();
    case 'locktopic':
    case 'unlocktopic': return others.length > 0 || (first && !roomArg) ? usage() : frame({ type: 'lock-topic', room, locked: spec.name === 'locktopic' });
    default: return usage();
  }
}

const archived = (parsed: ArchiveParse): ParsedInput => (parsed.ok ? frame(parsed.frame) : fail(parsed.message));

function parseTimed(name: 'ban' | 'mute', nick: string, others: string[], usage: () => ParsedInput): ParsedInput {
  if (!nick || others.length > 1) return usage();
  if (others.length === 0) return frame({ type: name, nick });
  const duration = parseDuration(others[0]!);
  return duration.ok ? frame({ type: name, nick, durationMs: duration.value }) : fail(duration.error);
}

/** `/help` text: every command, or one command's usage. */
export function helpText(topic?: string): string[] {
  if (topic !== undefined) {
    const spec = COMMANDS.find((c) => c.name === topic.toLowerCase());
    return spec ? [`${spec.usage}  ${spec.summary}${spec.oper ? ' (operators)' : ''}`] : [`unknown command /${topic}; /help lists them`];
  }
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return COMMANDS.map((c) => `${c.usage.padEnd(width)}  ${c.summary}${c.oper ? ' (operators)' : ''}`);
}
