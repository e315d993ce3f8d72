import { describeCluster } from '../src/cluster-status.js';

export interface StatusOptions {
  readonly redis: string;
  readonly json: boolean;
}

/**
 * [NODE-HEALTH] `rxchat status --redis URL`: the cluster as its Redis sees it (every node alive, its
 * connections, whether it can append, how far it has folded; the log's length). Exit 1 with the reason
 * when Redis cannot be reached.
 */
export async function runStatus(options: StatusOptions): Promise<void> {
  const { openRedisBus } = await import('../streams/cluster/redis-bus.js');
  let bus: Awaited<ReturnType<typeof openRedisBus>>;
  try {
    bus = await openRedisBus(options.redis, { name: 'rxchat-status' });
  } catch (error) {
    process.stderr.write(`rxchat: cannot reach Redis at ${options.redis}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  try {
    const [leases, stream, snapshots] = await Promise.all([bus.leases(), bus.streamInfo(), bus.snapshotIds()]);
    if (options.json) {
      const nodes = [...leases].map(([boot, health]) => ({ boot, health: health === '' ? null : JSON.parse(health) as unknown, snapshot: snapshots.get(boot) ?? null }));
      process.stdout.write(JSON.stringify({ stream, nodes }) + '\n');
    } else process.stdout.write(describeCluster({ now: Date.now(), leases, stream, snapshots }).join('\n') + '\n');
  } finally {
    await bus.close();
  }
}
