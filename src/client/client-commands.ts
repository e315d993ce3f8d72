import { COMMANDS } from '../commands.js';

/** One line of `/help`: how to call a command and what it does. */
export interface CommandHelp {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
}

/**
 * [TUI-COMMANDS] Commands only the terminal client has, on top of the shared table of
 * `src/commands.ts` ([COMMANDS]).
 */
export const CLIENT_COMMANDS: readonly CommandHelp[] = [
  { name: 'resend', usage: '/resend', summary: 'send again what the connection lost before the server confirmed it' },
  { name: 'clear', usage: '/clear', summary: 'clear the messages pane' },
];

/** Every command name with its slash, for Tab completion. */
export const COMMAND_NAMES: readonly string[] = [...COMMANDS, ...CLIENT_COMMANDS].map((c) => `/${c.name}`);

/** A client-only command, parsed. `/ignore` alone lists who is ignored. */
export type ClientCommand =
  | { readonly type: 'resend' }
  | { readonly type: 'clear' }
  | { readonly type: 'list-ignored' };

/** Parses a line as a client-only command, or `undefined` for the shared parser. */
export function parseClientCommand(line: string): ClientCommand | undefined {
  const match = /^\/(\S+)\s*(.*)$/.exec(line.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const bare = match[2]!.trim() === '';
  if (name === 'resend' && bare) return { type: 'resend' };
  if (name === 'clear' && bare) return { type: 'clear' };
  if (name === 'ignore' && bare) return { type: 'list-ignored' };
  return undefined;
}
