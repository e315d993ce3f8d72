import { plainClient$ } from '../streams/plain-client.js';
import { readLines$ } from '../streams/read-lines.js';
import { makeTcpClientDriver } from '../streams/tcp-client-driver.js';
import { describeNickProblem, validateNick } from '../src/nickname.js';
import { EXIT_CONNECTION, EXIT_NICK } from '../src/plain-session.js';
import { formatServerList, type ServerAddress } from '../src/server-list.js';
import type { JoinSecurity } from './join-security.js';
import { joinTui } from './tui/join-tui.js';

export interface JoinArgs extends JoinSecurity {
  /** [SERVER-FAILOVER] The servers to use, in order (at least one). */
  readonly servers: readonly ServerAddress[];
  readonly nick?: string;
  readonly plain: boolean;
  readonly maxFrameBytes: number;
  /** [PLAIN-RECONNECT] How long plain mode keeps reconnecting after a drop. */
  readonly reconnectForMs?: number;
}

/**
 * Routes `rxchat join`: the full-screen terminal client ([TUI]) when stdin and stdout are
 * terminals, plain mode ([PLAIN]) for pipes, scripts and `--plain`.
 */
export function join(args: JoinArgs & { readonly bell: boolean }): void {
  if (!args.plain && process.stdin.isTTY === true && process.stdout.isTTY === true) return joinTui(args);
  joinPlain(args);
}

/** Runs the plain client ([PLAIN]) and exits with its code ([PLAIN-EXIT]). */
export function joinPlain(args: JoinArgs): void {
  if (args.nick === undefined) return fail(EXIT_NICK, 'plain mode needs --nick');
  const valid = validateNick(args.nick);
  if (!valid.ok) return fail(EXIT_NICK, describeNickProblem(valid.error));
  const connect = makeTcpClientDriver(args);
  const password = args.password === undefined ? {} : { password: args.password };
  const reconnect = args.reconnectForMs === undefined ? {} : { reconnectForMs: args.reconnectForMs };
  const { servers } = args;
  plainClient$(args.nick, { connect, lines$: readLines$(process.stdin), servers, ...password, ...reconnect }).subscribe({
    next(effect) {
      if (effect.type === 'stdout') process.stdout.write(effect.text + '\n');
      else if (effect.type === 'stderr') process.stderr.write(effect.text + '\n');
      else exitAfterFlush(effect.code);
    },
    // Connection failures are the client's own business (it retries, or exits with words); this is a bug.
    error(error: Error) {
      fail(EXIT_CONNECTION, `${formatServerList(servers)}: ${error.message}`);
    },
  });
}

function fail(code: number, message: string): void {
  process.stderr.write(`rxchat: ${message}\n`);
  exitAfterFlush(code);
}

/** Exits once stdout has taken everything written so far (pipes are asynchronous). */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}
