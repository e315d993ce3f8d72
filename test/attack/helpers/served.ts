import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ircFlag, noWeb, storageFlag } from '../../helpers/processes.js';

/** The built CLI (`npm run build` first). */
export const MAIN_JS = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

/** One JSON log line of the server (pino), as parsed. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** The real program, `node dist/cli/main.js serve`, running as a child process on a free port. */
export interface Served {
  readonly pid: number;
  readonly port: number;
  /** Every log line so far, parsed. */
  readonly logs: LogLine[];
  /** Everything the process wrote on stdout and stderr, raw. */
  output(): string;
  /** Resolves with the first log line (past or future) `match` accepts; rejects after `ms`. */
  waitForLog(match: (line: LogLine) => boolean, what: string, ms?: number): Promise<LogLine>;
  /** Resolves with how the process ended; never rejects. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  signal(name: NodeJS.Signals): void;
  /** SIGKILL if still running; resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Spawns `serve --port 0` with `args` (and `env` added to ours) and waits, at most `ms`, for its
 * `listening` log line. Logs are JSON lines because stdout is a pipe. `fdLimit` runs it under
 * `ulimit -n`, to run it out of file descriptors.
 */
export async function spawnServer(args: readonly string[] = [], env: Record<string, string> = {}, ms = 10_000, fdLimit?: number): Promise<Served> {
  // The checkout is shared: another `npm run build` may be rewriting dist/ right now, and a server
  // started mid-build fails to load its modules. That is not the server's behaviour: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnce(args, env, ms, fdLimit);
    } catch (error) {
      const loading = /SyntaxError|ERR_MODULE_NOT_FOUND|Cannot find module/.test(String(error));
      if (!loading || attempt === 5) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

function spawnOnce(args: readonly string[], env: Record<string, string>, ms: number, fdLimit?: number): Promise<Served> {
  const argv = [MAIN_JS, 'serve', '--port', '0', ...(args.includes('--host') ? [] : ['--host', '127.0.0.1']), ...storageFlag(args), ...ircFlag(args), ...noWeb(args), ...args];
  // With `fdLimit`, the shell lowers the open-file limit and then becomes node (exec): same pid.
  const [command, commandArgs] = fdLimit === undefined
    ? [process.execPath, argv]
    : ['sh', ['-c', `ulimit -n ${fdLimit} && exec "$0" "$@"`, process.execPath, ...argv]];
  const child: ChildProcess = spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RXCHAT_PASSWORD: '', RXCHAT_OPER_SECRET: '', ...env },
  });
  let raw = '';
  let carry = '';
  const logs: LogLine[] = [];
  const waiters = new Set<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    raw += text;
    const lines = (carry + text).split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue;
      }
      logs.push(parsed);
      for (const w of [...waiters]) if (w.match(parsed)) (waiters.delete(w), w.resolve(parsed));
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (raw += text));
  // 'close' (after the pipes are read to their end), not 'exit', as in test/helpers/processes.ts.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })));
  let alive = true;
  void exited.then(() => (alive = false));

  const waitForLog = (match: (l: LogLine) => boolean, what: string, waitMs = 5_000) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { match, resolve: (l: LogLine) => (clearTimeout(timer), resolve(l)) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`server: no log "${what}" within ${waitMs} ms; output:\n${raw.slice(-2000)}`));
      }, waitMs);
      waiters.add(waiter);
    });
  };
  const served: Omit<Served, 'port'> = {
    pid: child.pid!,
    logs,
    output: () => raw,
    waitForLog,
    exited,
    get alive() {
      return alive;
    },
    signal: (name) => void child.kill(name),
    async kill() {
      if (alive) child.kill('SIGKILL');
      await exited;
    },
  };
  const listening = waitForLog((l) => l.msg === 'listening' && typeof l['port'] === 'number', 'listening', ms);
  const early = exited.then(({ code }) => { throw new Error(`server exited (${code}) before listening:\n${raw}`); });
  return Promise.race([listening, early]).then(
    (line) => ({ ...served, port: line['port'] as number, get alive() { return alive; } }),
    async (error: unknown) => {
      await served.kill();
      throw error;
    },
  );
}
