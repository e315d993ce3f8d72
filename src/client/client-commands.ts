import { err, ok, type Result } from '../result.js';

/** One line of `/help`: how to call a command and what it does. */
export interface CommandHelp {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
}

/** [TUI-COMMANDS] Commands the terminal client runs itself, whatever the server supports. */
export const CLIENT_COMMANDS: readonly CommandHelp[] = [
  { name: '/help', usage: '/help', summary: 'list commands and keys' },
  { name: '/quit', usage: '/quit [reason]', summary: 'leave the chat and close the client (also /close, Ctrl-C)' },
  { name: '/close', usage: '/close', summary: 'same as /quit' },
  { name: '/ignore', usage: '/ignore [nick]', summary: 'hide messages from nick (client-side); alone, list ignored' },
  { name: '/unignore', usage: '/unignore nick', summary: 'show messages from nick again' },
  { name: '/resend', usage: '/resend', summary: 'send again the messages the connection lost before they were confirmed' },
  { name: '/clear', usage: '/clear', summary: 'clear the messages pane' },
];

/** A client-side command, parsed. */
export type ClientCommand =
  | { readonly type: 'help' }
  | { readonly type: 'quit'; readonly reason: string | undefined }
  | { readonly type: 'ignore'; readonly nick: string | undefined }
  | { readonly type: 'unignore'; readonly nick: string }
  | { readonly type: 'resend' }
  | { readonly type: 'clear' };

/**
 * Parses a line as a client-side command: `undefined` if it is not one (it may be a server
 * command), a usage error if it is one with bad arguments.
 */
export function parseClientCommand(line: string): Result<ClientCommand, string> | undefined {
  const match = /^\/(\S+)\s*(.*)$/.exec(line.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const rest = match[2]!.trim();
  const words = rest === '' ? [] : rest.split(/\s+/);
  switch (name) {
    case 'help':
      return ok({ type: 'help' });
    case 'quit': case 'close': case 'exit':
      return ok({ type: 'quit', reason: rest === '' ? undefined : rest });
    case 'ignore':
      return words.length <= 1 ? ok({ type: 'ignore', nick: words[0] }) : err('usage: /ignore [nick]');
    case 'unignore':
      return words.length === 1 ? ok({ type: 'unignore', nick: words[0]! }) : err('usage: /unignore nick');
    case 'resend':
      return ok({ type: 'resend' });
    case 'clear':
      return ok({ type: 'clear' });
    default:
      return undefined;
  }
}
