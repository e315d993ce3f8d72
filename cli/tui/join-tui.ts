import { asyncScheduler, filter, ignoreElements, map, merge, share, tap } from 'rxjs';
import { defaultBackoff } from '../../src/client/backoff.js';
import { initialClientState } from '../../src/client/client-state.js';
import { formatServer, type ServerAddress } from '../../src/server-list.js';
import { chatClient$, type ChatClientOutput } from '../../streams/client/chat-client.js';
import { coalesceRenders } from '../../streams/client/coalesce-renders.js';
import { makeTcpClientDriver, type ClientDriverOptions } from '../../streams/tcp-client-driver.js';
import { createTuiScreen } from './create-screen.js';
import { renderState } from './render-state.js';
import { createPalette } from './style-tags.js';
import { viewEvents$ } from './view-events.js';

/** What `rxchat join` passes to the terminal client. */
export interface TuiArgs extends ClientDriverOptions {
  /** [SERVER-FAILOVER] The servers to use, in order (at least one). */
  readonly servers: readonly ServerAddress[];
  readonly nick?: string;
  readonly bell: boolean;
  readonly password?: string;
}

/** [TUI-THROTTLE] At most one frame every this many ms (about 30 per second). */
const RENDER_EVERY_MS = 33;
const PING_EVERY_MS = 5_000;
const SCROLLBACK = 2_000;

/**
 * Runs the full-screen terminal client until the user leaves: builds the drivers (blessed
 * screen, TCP connection, clock), runs `chatClient$`, renders throttled states, rings the bell,
 * and on exit gives the terminal back before exiting with the client's code.
 */
export function joinTui(args: TuiArgs): void {
  const ui = createTuiScreen();
  const size = { cols: Number(ui.screen.width), rows: Number(ui.screen.height) };
  const password = args.password === undefined ? {} : { password: args.password };
  const options = { server: formatServer(args.servers[0]!), bell: args.bell, maxScrollback: SCROLLBACK, ...password };
  const initial = initialClientState(options, args.nick, size);
  const palette = createPalette((ui.screen as unknown as { tput: { colors: number } }).tput.colors);
  const output$ = chatClient$(initial, {
    connect: makeTcpClientDriver(args), servers: args.servers, view$: viewEvents$(ui.screen), scheduler: asyncScheduler,
    pingEveryMs: PING_EVERY_MS, backoff: defaultBackoff, random: Math.random,
  }).pipe(share());
  const render$ = output$.pipe(
    filter((o): o is Extract<ChatClientOutput, { type: 'state' }> => o.type === 'state'),
    map((o) => o.state),
    coalesceRenders(RENDER_EVERY_MS),
    tap((state) => renderState(ui, state, palette)),
    ignoreElements(),
  );
  const finish = (code: number, message?: string) => {
    ui.screen.destroy();
    if (message !== undefined) process.stderr.write(`rxchat: ${message}\n`);
    process.exit(code);
  };
  process.once('SIGTERM', () => finish(0));
  process.once('SIGHUP', () => finish(0));
  merge(render$, output$.pipe(filter((o) => o.type !== 'state'))).subscribe({
    next(output) {
      if (output.type === 'bell') ui.screen.program.bell();
      else if (output.type === 'exit') finish(output.code, output.message);
    },
    error(error: unknown) {
      ui.screen.destroy();
      process.stderr.write(`rxchat: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  });
}
