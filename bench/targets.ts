import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A server the benchmark can start: rxchat itself or a baseline. */
export interface Target {
  readonly name: 'rxchat' | 'rxchat-sqlite' | 'plain' | 'batched' | 'python' | 'rxchat-irc' | 'ngircd' | 'rxchat-ws';
  readonly protocol: 'native' | 'legacy' | 'irc' | 'websocket';
  readonly command: string;
  readonly args: readonly string[];
  /** For a server that must be told its port: the arguments for the free port picked for a run. */
  readonly argsFor?: (port: number) => readonly string[];
  /** At most this many connections opened at once, for a server that loses bursts of them. */
  readonly connectConcurrency?: number;
  /** False when it cannot have rooms at all (the legacy protocol); native servers are tried. */
  readonly rooms: boolean;
  /** [EVENT-LOG] Runs on a fresh data directory of its own (`--data DIR`), removed after the run. */
  readonly dataDir?: true;
  /** [BENCH-WS] Serves WebSocket on a free port picked for the run, put where `{WEB}` is in `args`. */
  readonly web?: true;
  /** Runs only in these scenarios. */
  readonly onlyIn?: readonly string[];
}

/**
 * [BENCH-LIMITS] Limits meant for the open network that a benchmark must lift: every client comes
 * from 127.0.0.1, senders flood on purpose, and (d)'s idle clients never say hello. The outbound
 * bound (--max-queued-bytes) and everything else keep their defaults.
 */
export const OPEN_LIMITS = [
  '--max-connections', '100000', '--max-per-address', '100000', '--flood-rate', '0', '--handshake-timeout', '600000',
];

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The servers to compare: rxchat (as `rxchat serve` runs it, info log to a file), the two Node
 * baselines, and the original Python server when python3 is on the PATH. `nodeFlags` go to the
 * rxchat process only (`--cpu-prof` for profiling). `rxchatArgs` are added to `serve`;
 * `rxchatMain` points at another build's `dist/cli/main.js` (to compare two versions).
 * `wrap` runs rxchat under another command (e.g. `strace -c -f -o FILE`; its /proc figures are then the wrapper's).
 */
export function createTargets(nodeFlags: readonly string[], rxchatArgs: readonly string[], wrap: readonly string[] = [], rxchatMain?: string): Target[] {
  const main = rxchatMain ?? here('../cli/main.js');
  const serve = [...nodeFlags, main, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0', '--log-level', 'info', ...OPEN_LIMITS, ...rxchatArgs];
  // `rxchat` keeps nothing (as before issue 9); `rxchat-sqlite` is the default durable server.
  const rxchat = [...serve, '--in-memory'];
  const wrapped = (args: readonly string[]) => (wrap.length ? [...wrap.slice(1), process.execPath, ...args] : args);
  const broadcaster = here('./baselines/broadcaster.js');
  const targets: Target[] = [
    { name: 'rxchat', protocol: 'native', rooms: true, command: wrap[0] ?? process.execPath, args: wrapped(rxchat) },
    { name: 'rxchat-sqlite', protocol: 'native', rooms: true, command: wrap[0] ?? process.execPath, args: wrapped(serve), dataDir: true },
    { name: 'plain', protocol: 'native', command: process.execPath, rooms: true, args: [broadcaster, '--mode', 'plain'] },
    { name: 'batched', protocol: 'native', command: process.execPath, rooms: true, args: [broadcaster, '--mode', 'batched'] },
  ];
  // [BENCH-IRC] rxchat's IRC port, against ngircd (Debian's) with its flood control lifted.
  const rxchatIrc = rxchat.map((a, i) => (a === '0' && rxchat[i - 1] === '--irc-port' ? '{PORT}' : a));
  targets.push({ name: 'rxchat-irc', protocol: 'irc', rooms: true, command: targets[0]!.command, args: [],
    argsFor: (port) => wrapped(rxchatIrc).map((a) => (a === '{PORT}' ? String(port) : a)) });
  // [BENCH-WS] The same rxchat with (B)'s receivers on its WebSocket gateway, the senders on TCP.
  // Both ports are picked for the run (a port 0 could be the web port just released).
  const rxchatWeb = rxchat.map((a, i) => (a === '0' && rxchat[i - 1] === '--http-port' ? '{WEB}' : a === '0' && rxchat[i - 1] === '--port' ? '{PORT}' : a));
  targets.push({ name: 'rxchat-ws', protocol: 'websocket', rooms: false, command: targets[0]!.command, args: [], web: true, onlyIn: ['B'],
    argsFor: (port) => wrapped(rxchatWeb).map((a) => (a === '{PORT}' ? String(port) : a)) });
  if (has('ngircd')) {
    // ngircd leaves connections in its accept queue when hundreds arrive at once (they are never
    // registered), so its clients connect 8 at a time; the connect figure is not the headline of (B).
    targets.push({ name: 'ngircd', protocol: 'irc', rooms: true, command: 'ngircd', args: [], connectConcurrency: 8,
      argsFor: (port) => ['--nodaemon', '--config', writeNgircdConfig(port)] });
  }
  const python = findPython();
  if (python) {
    targets.push({ name: 'python', protocol: 'legacy', command: python, rooms: false,
      args: [here('../../bench/baselines/original-server.py'), '0'] });
  }
  return targets;
}

/**
 * [BENCH-IRC] ngircd as the bench runs it: on 127.0.0.1 at `port`, no DNS or ident lookups, no
 * limits on connections, joins or nick length, and no flood control: `MaxPenaltyTime = 0` turns
 * its command penalties (its per-client throttle) off, as `--flood-rate 0` does for rxchat.
 */
function writeNgircdConfig(port: number): string {
  const path = join(tmpdir(), `rxchat-bench-ngircd-${process.pid}.conf`);
  writeFileSync(path, [
    '[Global]', 'Name = bench.rxchat.test', 'Info = rxchat bench', 'Listen = 127.0.0.1', `Ports = ${port}`,
    '[Limits]', 'MaxConnections = 0', 'MaxConnectionsIP = 0', 'MaxJoins = 0', 'MaxNickLength = 10', 'MaxPenaltyTime = 0',
    'PingTimeout = 600', 'PongTimeout = 600',
    '[Options]', 'DNS = no', 'Ident = no', 'PAM = no', '',
  ].join('\n'));
  process.once('exit', () => rmSync(path, { force: true }));
  return path;
}

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function findPython(): string | undefined {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore', timeout: 5_000 });
    return 'python3';
  } catch {
    return undefined;
  }
}
