/**
 * [BENCH-CLUSTER] The servers of one cluster run: one rxchat node in memory (no Redis: the barest),
 * or a fresh redis-server and 1 to 3 `rxchat serve --redis URL --node-name nK` nodes on it. Every
 * process is this bench's child, stopped by its PID, whatever happens.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from '../server-process.js';
import { OPEN_LIMITS } from '../targets.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

/** A cluster shape to measure. */
export interface ClusterSetup {
  /** `memory`: one node without Redis; `redis-N`: N nodes on one Redis. */
  readonly name: string;
  readonly nodes: number;
  readonly redis: boolean;
}

/** The setups side by side: the barest, the Redis hop alone, then 2 and 3 nodes. */
export const CLUSTER_SETUPS: readonly ClusterSetup[] = [
  { name: 'memory', nodes: 1, redis: false },
  { name: 'redis-1', nodes: 1, redis: true },
  { name: 'redis-2', nodes: 2, redis: true },
  { name: 'redis-3', nodes: 3, redis: true },
];

export interface RunningCluster {
  readonly ports: readonly number[];
  readonly nodes: readonly ServerProcess[];
  readonly redis?: RedisProcess;
  /** CPU seconds so far: each node's, and Redis's (0 without Redis). */
  cpu(): { readonly nodes: readonly number[]; readonly redis: number };
  /** Write system calls each node made so far (/proc/PID/io `syscw`): socket writes, to clients and to Redis. */
  writeCalls(): readonly number[];
  stop(): Promise<void>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** How to run the nodes: Node flags (`--cpu-prof`), more `serve` flags, another build's `dist/cli/main.js`. */
export interface NodeOptions {
  readonly nodeFlags?: readonly string[];
  readonly extraArgs?: readonly string[];
  readonly main?: string;
}

/** Starts `setup` (nodes one after another, each caught up before the next). */
export async function startCluster(setup: ClusterSetup, options: NodeOptions = {}): Promise<RunningCluster> {
  const { nodeFlags = [], extraArgs = [], main = here('../../cli/main.js') } = options;
  const serve = [...nodeFlags, main, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0',
    '--log-level', 'info', ...OPEN_LIMITS, ...extraArgs];
  const redis = setup.redis ? await startRedisProcess() : undefined;
  const nodes: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.stop();
  };
  try {
    for (let i = 0; i < setup.nodes; i++) {
      const storage = redis ? ['--redis', redis.url, '--node-name', `n${i + 1}`] : ['--in-memory'];
      nodes.push(await startServer(process.execPath, [...serve, ...storage], 30_000));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports: nodes.map((node) => node.port),
    nodes,
    ...(redis ? { redis } : {}),
    cpu: () => ({ nodes: nodes.map((node) => node.stats().cpuSeconds), redis: redis?.stats().cpuSeconds ?? 0 }),
    writeCalls: () => nodes.map((node) => Number(/^syscw: (\d+)/m.exec(readFileSync(`/proc/${node.pid}/io`, 'utf8'))?.[1] ?? NaN)),
    stop,
  };
}
