import { homedir } from 'node:os';
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
    .check((argv) => {
      if (argv.inMemory && argv.data !== undefined) throw new Error('--data and --in-memory exclude each other');
      if (argv.data !== undefined && argv.data.trim() === '') throw new Error('--data must name a directory');
      return true;
    });
}

/** What `serve` does with the storage flags. */
export type StorageChoice =
  | { readonly kind: 'memory' }
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
  retainDays: number; retainMessages: number;
}): StorageChoice {
  if (argv.inMemory) return { kind: 'memory' };
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
