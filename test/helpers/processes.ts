import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collectLines, Collector } from './collector.js';

/**
 * The built program; `npm test` builds it first, for your own runs do `npm run build`.
 * `RXCHAT_MAIN` points the suite at another build (to check that a test catches an old bug).
 */
export const MAIN = process.env['RXCHAT_MAIN'] ?? fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** A child process with its output collected line by line, and its end as a promise. */
export interface Child {
  readonly process: ChildProcess;
  readonly stdout: Collector<string>;
  readonly stderr: Collector<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Writes one line (a newline is added) to stdin. */
  line(text: string): void;
  /** Writes raw text to stdin. */
  write(text: string): void;
  /** Ends stdin. */
  endInput(): void;
  /** Waits for the exit, at most `timeoutMs`. */
  exit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it is still running (SIGKILL), and waits for it. */
  kill(): Promise<void>;
}

/** Every child started by a test; `killAll` in `afterEach`. */
const running = new Set<Child>();

export function spawnChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': 'exit' can come before the last of the child's output has been read
    // from its pipes, and a test that reads `stdout` right after `exit()` would then miss it.
    proc.once('close', (code, signal) => resolve({ code, signal }));
    proc.once('error', () => resolve({ code: null, signal: null }));
  });
  proc.stdin!.on('error', () => {}); // a child that exits while we write is a test outcome, not a crash
  const child: Child = {
    process: proc,
    stdout: collectLines(proc.stdout!),
    stderr: collectLines(proc.stderr!),
    exited,
    line: (text) => void proc.stdin!.write(text + '\n'),
    write: (text) => void proc.stdin!.write(text),
    endInput: () => void proc.stdin!.end(),
    exit: (timeoutMs) => withTimeout(exited, timeoutMs, `${command} ${args.join(' ')} to exit`),
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** Kills every child still running but those in `keep` (a server shared by a file's tests). */
export async function killAll(keep: readonly Child[] = []): Promise<void> {
  await Promise.all([...running].filter((c) => !keep.includes(c)).map((c) => c.kill()));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * `--in-memory` unless the arguments choose a data directory (or a cluster's Redis): servers of parallel test files must
 * not share (and lock) the default one in the home directory.
 */
export function storageFlag(args: readonly string[]): string[] {
  return args.includes('--data') || args.includes('--in-memory') || args.includes('--redis') ? [] : ['--in-memory'];
}

/** [IRC] IRC is off unless a test asks for it: tests run side by side, and 6667 is one port. */
export function ircFlag(args: readonly string[]): string[] {
  return args.includes('--irc-port') ? [] : ['--irc-port', '0'];
}

/** `--http-port 0` unless the arguments choose one: servers of parallel test files must not all take 8080 ([WS]). */
export function noWeb(args: readonly string[]): string[] {
  return args.includes('--http-port') ? [] : ['--http-port', '0'];
}

/** A running `rxchat serve` on 127.0.0.1 and the port it picked. */
export interface ServerProcess extends Child {
  readonly port: number;
  /** The JSON log lines, parsed. */
  readonly logs: Collector<Record<string, unknown>>;
}

/** Starts `rxchat serve --port 0` (or on `port`, to start a server again where it was) and waits (bounded) for its `listening` log line. */
export async function startServer(extra: readonly string[] = [], timeoutMs = 10_000, port = 0): Promise<ServerProcess> {
  const child = spawnChild(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', String(port), ...storageFlag(extra), ...ircFlag(extra), ...noWeb(extra), ...extra]);
  const logs = new Collector<Record<string, unknown>>();
  const parse = (line: string) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  };
  child.stdout.each(parse);
  const listening = await logs.waitFor((l) => l['msg'] === 'listening' && l['protocol'] === undefined, timeoutMs, 'the "listening" log line').catch(async (error: Error) => {
    await child.kill();
    throw new Error(`${error.message}; stderr: ${child.stderr.items.join(' | ')}`);
  });
  return Object.assign(child, { port: Number(listening['port']), logs });
}

/**
 * Waits (bounded) until the server has logged as many closed connections as opened ones: nobody
 * from an earlier test is still leaving when the next one starts on the same server.
 */
export async function quiet(server: ServerProcess, timeoutMs = 10_000): Promise<void> {
  const count = (msg: string) => server.logs.items.filter((l) => l['msg'] === msg).length;
  await server.logs.waitFor(() => count('connection closed') >= count('connection opened'), timeoutMs, 'every connection closed');
}

/** Runs `rxchat join --nick N --port P` in plain mode (stdin and stdout are pipes). */
export function startJoin(port: number, nick: string, extra: readonly string[] = []): Child {
  return spawnChild(process.execPath, [MAIN, 'join', '--nick', nick, '--port', String(port), ...extra]);
}

/** Starts a plain client and waits (bounded) until the server has welcomed it. */
export async function joined(port: number, nick: string, timeoutMs = 10_000): Promise<Child> {
  const child = startJoin(port, nick);
  await child.stderr.waitFor((l) => l.startsWith(`* connected as ${nick}`), timeoutMs, `the welcome of ${nick}`).catch((error: Error) => {
    throw new Error(`${error.message}; exit: ${JSON.stringify([child.process.exitCode, child.process.signalCode])}; stdout: ${child.stdout.items.join(' | ')}`);
  });
  return child;
}
