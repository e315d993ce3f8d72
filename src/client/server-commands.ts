import type { ClientFrame } from '../protocol.js';
import { err, ok, type Result } from '../result.js';
import type { CommandHelp } from './client-commands.js';

/**
 * What a server command asks the client to do: messages go through the outbox (so they are
 * shown at once, queued offline and acknowledged); anything else is a frame sent as it is.
 */
export type ServerCommand =
  | { readonly type: 'say'; readonly text: string; readonly action: boolean }
  | { readonly type: 'msg'; readonly to: string; readonly text: string; readonly action: boolean }
  | { readonly type: 'reply'; readonly text: string }
  | { readonly type: 'frame'; readonly frame: ClientFrame };

/** The server commands `/help` lists and Tab completes. */
export const SERVER_COMMANDS: readonly CommandHelp[] = [
  { name: '/me', usage: '/me action', summary: 'act: "* bob waves"' },
  { name: '/msg', usage: '/msg nick text', summary: 'a private message' },
  { name: '/reply', usage: '/reply text', summary: 'answer the last private message' },
  { name: '/join', usage: '/join #room', summary: 'join (or create) a room and switch to it' },
  { name: '/part', usage: '/part [#room] [reason]', summary: 'leave a room (the current one by default)' },
  { name: '/nick', usage: '/nick newnick', summary: 'change nickname' },
];

/**
 * [TUI-SERVER-COMMANDS] Parses a server command, or `undefined` if the line is no known command.
 * `room` is the current room, the default target.
 */
export function parseServerCommand(line: string, room: string): Result<ServerCommand, string> | undefined {
  const match = /^\/(\S+)\s*(.*)$/.exec(line.trim());
  if (!match) return undefined;
  const rest = match[2]!.trim();
  const [first, ...others] = rest === '' ? [] : rest.split(/\s+/);
  switch (match[1]!.toLowerCase()) {
    case 'me':
      return rest === '' ? err('usage: /me action') : ok({ type: 'say', text: rest, action: true });
    case 'msg': case 'query':
      return first === undefined || others.length === 0 ? err('usage: /msg nick text') : ok({ type: 'msg', to: first, text: others.join(' '), action: false });
    case 'reply': case 'r':
      return rest === '' ? err('usage: /reply text') : ok({ type: 'reply', text: rest });
    case 'join':
      return first === undefined ? err('usage: /join #room') : ok({ type: 'frame', frame: { type: 'join', room: first } });
    case 'part': {
      const target = first?.startsWith('#') ? first : room;
      const reason = (first?.startsWith('#') ? others : rest === '' ? [] : [rest]).join(' ');
      return ok({ type: 'frame', frame: { type: 'part', room: target, ...(reason ? { reason } : {}) } });
    }
    case 'nick':
      return first === undefined ? err('usage: /nick newnick') : ok({ type: 'frame', frame: { type: 'nick', nick: first } });
    default:
      return undefined;
  }
}
