import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server the benchmark can start: rxchat itself or a baseline. */
export interface Target {
  readonly name: 'rxchat' | 'rxchat-sqlite' | 'plain' | 'batched' | 'python';
  readonly protocol: 'native' | 'legacy';
  readonly command: string;
  readonly args: readonly string[];
  /** False when it cannot have rooms at all (the legacy protocol); native servers are tried. */
  readonly rooms: boolean;
  /** [EVENT-LOG] Runs on a fresh data directory of its own (`--data DIR`), removed after the run. */
  readonly dataDir?: true;
}

/**
 * [BENCH-LIMITS] Limits meant for the open network that a benchmark must lift: every client comes
 * from 127.0.0.1, senders flood on purpose, and (d)'s idle clients never say hello. The outbound
 * bound (--max-queued-bytes) and everything else keep their defaults.
 */
const OPEN_LIMITS = [
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
  const serve = [...nodeFlags, main, 'serve', '--port', '0', '--irc-port', '0', '--log-level', 'info', ...OPEN_LIMITS, ...rxchatArgs];
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
  const python = findPython();
  if (python) {
    targets.push({ name: 'python', protocol: 'legacy', command: python, rooms: false,
      args: [here('../../bench/baselines/original-server.py'), '0'] });
  }
  return targets;
}

function findPython(): string | undefined {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore', timeout: 5_000 });
    return 'python3';
  } catch {
    return undefined;
  }
}
