import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { intIn } from './flags.js';

/** [DATA-DIR] Where a durable server keeps its data unless told: `$XDG_DATA_HOME/rxchat`, else `~/.local/share/rxchat`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_DATA_HOME'];
  return xdg && xdg.trim() !== '' ? join(xdg, 'rxchat') : join(homedir(), '.local', 'share', 'rxchat');
}

/** The storage flags of `serve` ([EVENT-LOG], [RESUME-GRACE], [SNAPSHOT], [RETENTION]). */
export function storageOptions<T>(y: Argv<T>) {
  return y
    .option('data', { type: 'string', describe: `directory of the durable store (default ${defaultDataDir()})` })
    .option('in-memory', { type: 'boolean', default: false, describe: 'keep nothing on disk: everything is lost on restart' })
    .option('fsync', { choices: ['normal', 'full'] as const, default: 'normal' as const, describe: 'normal: survives a crash of the process; full: also a power cut (slower)' })
    .option('resume-grace', { type: 'number', default: 120, describe: 's a session of an earlier run is held for its owner to resume', coerce: intIn('resume-grace', 0, 86_400) })
    .option('snapshot-every', { type: 'number', default: 10_000, describe: 'events between snapshots of the state', coerce: intIn('snapshot-every', 1, 100_000_000) })
    .option('snapshot-interval', { type: 'number', default: 300, describe: 's between snapshots while events arrive', coerce: intIn('snapshot-interval', 1, 86_400) })
    .option('retain-days', { type: 'number', default: 0, describe: 'days the archive keeps a message (0: forever)', coerce: intIn('retain-days', 0, 36_500) })
    .option('retain-messages', { type: 'number', default: 0, describe: 'messages the archive keeps per room (0: all)', coerce: intIn('retain-messages', 0, 1_000_000_000) })
    .option('redis', { type: 'string', describe: 'run as one node of a cluster sharing this Redis (redis://host:port[/db]); see docs/cluster.md' })
    .option('node-name', { type: 'string', describe: 'this node\'s name in the cluster (default host:port); a restart under the same name takes its sessions back' })
    .option('node-lease', { type: 'number', default: 10, describe: 's after which a silent node\'s sessions are held for their owners to resume elsewhere', coerce: intIn('node-lease', 1, 600) })
    .check((argv) => {
      if (argv.inMemory && argv.data !== undefined) throw new Error('--data and --in-memory exclude each other');
      if (argv.redis !== undefined) {
        if (argv.inMemory || argv.data !== undefined) throw new Error('--redis keeps the state in Redis: it excludes --data and --in-memory');
        const problem = redisUrlProblem(argv.redis);
        if (problem) throw new Error(`--redis ${argv.redis}: ${problem}`);
      }
      if (argv.redis === undefined && argv.nodeName !== undefined) throw new Error('--node-name needs --redis');
      if (typeof argv.nodeName === 'string' && !NODE_NAME.test(argv.nodeName)) throw new Error(`--node-name ${argv.nodeName}: 1 to 64 letters, digits and . _ : -`);
      if (argv.data !== undefined && argv.data.trim() === '') throw new Error('--data must name a directory');
      return true;
    });
}

/**
 * [CLUSTER] A node's name unless `--node-name` gives one: `host:port`, stable across restarts so a node
 * started again takes its sessions back; with `--port 0` the port says nothing, so the pid tells nodes
 * of one machine apart (two nodes of one name would take each other's sessions).
 */
export function defaultNodeName(port: number, pid = process.pid): string {
  return port === 0 ? `${hostname()}:pid${pid}` : `${hostname()}:${port}`;
}

/** [CLUSTER] A node's name: short, printable, no spaces (it is logged and stored in the state). */
const NODE_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/** Why a `--redis` value is not a Redis URL, or undefined when it is one. */
export function redisUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL like redis://127.0.0.1:6379';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `the scheme must be redis: or rediss:, not ${url.protocol}`;
  if (url.hostname === '') return 'no host';
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) return 'the path may only be a database number, like /0';
  return undefined;
}

/** What `serve` does with the storage flags. */
export type StorageChoice =
  | { readonly kind: 'memory' }
  | {
      readonly kind: 'cluster';
      readonly url: string;
      readonly node: string;
      readonly leaseMs: number;
      readonly snapshotEvery: number;
      readonly snapshotIntervalMs: number;
    }
  | {
      readonly kind: 'sqlite';
      readonly dir: string;
      readonly fsync: 'normal' | 'full';
      readonly snapshotEvery: number;
      readonly snapshotIntervalMs: number;
      readonly retention: { readonly olderThanMs?: number; readonly keepPerRoom?: number };
    };

export function storageChoice(argv: {
  inMemory: boolean; data?: string | undefined; fsync: 'normal' | 'full'; snapshotEvery: number; snapshotInterval: number;
  retainDays: number; retainMessages: number; redis?: string | undefined; nodeName?: string | undefined; nodeLease: number;
  host: string; port: number;
}): StorageChoice {
  if (argv.inMemory) return { kind: 'memory' };
  if (argv.redis !== undefined) {
    return {
      kind: 'cluster', url: argv.redis, node: argv.nodeName ?? defaultNodeName(argv.port), leaseMs: argv.nodeLease * 1000,
      snapshotEvery: argv.snapshotEvery, snapshotIntervalMs: argv.snapshotInterval * 1000,
    };
  }
  return {
    kind: 'sqlite',
    dir: resolve(argv.data ?? defaultDataDir()),
    fsync: argv.fsync,
    snapshotEvery: argv.snapshotEvery,
    snapshotIntervalMs: argv.snapshotInterval * 1000,
    retention: {
      ...(argv.retainDays > 0 ? { olderThanMs: argv.retainDays * 86_400_000 } : {}),
      ...(argv.retainMessages > 0 ? { keepPerRoom: argv.retainMessages } : {}),
    },
  };
}
