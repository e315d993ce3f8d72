import { afterEach } from 'vitest';
import { PlainClient, ServerProcess, TmuxTerminal } from '../tui/tui-harness.js';

/** What a terminal-client test starts through {@link tuiFixture}; each one is ended after the test. */
export interface TuiFixture {
  /** A real `rxchat serve` (port 0 picks one), as `ServerProcess.start(port, ...flags)`. */
  server(port?: number, ...flags: string[]): Promise<ServerProcess>;
  /** `rxchat join` with `args` in a tmux terminal of its own, as `TmuxTerminal.join`. */
  term(args: string, cols?: number, rows?: number): TmuxTerminal;
  /** A plain-mode client of `port` registering as `nick`. */
  plain(port: number, nick: string): PlainClient;
}

/**
 * Registers, in the `describe` (or file) that calls it, one `afterEach` that ends everything the
 * test started through the returned fixture: the tmux servers killed first (so no client
 * reconnects while the rest goes), then the plain clients closed, then the servers stopped by
 * their PID; `afterStop` (say `stopAllRedis`) runs last, once no server needs what it stops.
 * Explicit here rather than left to the order of several hooks, which vitest runs in reverse.
 */
export function tuiFixture(options: { afterStop?: () => Promise<void> } = {}): TuiFixture {
  const servers: ServerProcess[] = [];
  const terms: TmuxTerminal[] = [];
  const plains: PlainClient[] = [];
  afterEach(async () => {
    for (const t of terms.splice(0)) t.kill();
    await Promise.all(plains.splice(0).map((p) => p.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await options.afterStop?.();
  });
  return {
    server: async (port = 0, ...flags) => {
      const server = await ServerProcess.start(port, ...flags);
      servers.push(server);
      return server;
    },
    term: (args, cols, rows) => {
      const t = TmuxTerminal.join(args, cols, rows);
      terms.push(t);
      return t;
    },
    plain: (port, nick) => {
      const p = new PlainClient(port, nick);
      plains.push(p);
      return p;
    },
  };
}
