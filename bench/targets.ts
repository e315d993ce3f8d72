import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server the benchmark can start: rxchat itself or a baseline. */
export interface Target {
  readonly name: 'rxchat' | 'plain' | 'batched' | 'python';
  readonly protocol: 'native' | 'legacy';
  readonly command: string;
  readonly args: readonly string[];
  /** False when it cannot have rooms at all (the legacy protocol); native servers are tried. */
  readonly rooms: boolean;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The servers to compare: rxchat (as `rxchat serve` runs it, info log to a file), the two Node
 * baselines, and the original Python server when python3 is on the PATH. `nodeFlags` go to the
 * rxchat process only (`--cpu-prof` for profiling). `rxchatArgs` are added to `serve`.
 */
export function createTargets(nodeFlags: readonly string[], rxchatArgs: readonly string[]): Target[] {
  const main = here('../cli/main.js');
  const broadcaster = here('./baselines/broadcaster.js');
  const targets: Target[] = [
    { name: 'rxchat', protocol: 'native', command: process.execPath, rooms: true,
      args: [...nodeFlags, main, 'serve', '--port', '0', '--log-level', 'info', ...rxchatArgs] },
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
