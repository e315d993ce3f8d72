/**
 * [BUS-KEYS] The Redis keys of one cluster, all under one prefix (`--redis-key`, default 'rxchat'),
 * so several clusters (or a test per file) can share one Redis.
 */
export interface BusKeys {
  /** The stream: one entry per event, fields b=boot, s=seq, e=body. */
  readonly log: string;
  /** The boot counter (INCR). */
  readonly boot: string;
  /** A boot's lease (SET PX): present while the node lives. */
  lease(boot: number): string;
  /** The SCAN pattern of every lease key ([NODE-HEALTH]). */
  readonly leases: string;
  /** A hash: boot -> id of that boot's snapshot (the index `snapshotIds` reads). */
  readonly snapshots: string;
  /** A hash per boot: its snapshot's `id` and `body`, written with the index in one MULTI. */
  snapshot(boot: number): string;
  /** [CLUSTER-ARCHIVE] A sorted set per room: its messages' JSON, scored by message id. */
  archive(room: string): string;
}

const PREFIX = /^[A-Za-z0-9_.:{}-]{1,100}$/;

/** The keys under `prefix`; throws a `TypeError` when the prefix is empty, long or holds odd characters. */
export function busKeys(prefix: string): BusKeys {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new TypeError(`the Redis key prefix must be 1 to 100 of A-Z a-z 0-9 _ . : { } -, got ${JSON.stringify(prefix)}`);
  }
  return {
    log: `${prefix}:log`,
    boot: `${prefix}:boot`,
    lease: (boot) => `${prefix}:lease:${boot}`,
    leases: `${prefix}:lease:*`,
    snapshots: `${prefix}:snapshots`,
    snapshot: (boot) => `${prefix}:snapshot:${boot}`,
    archive: (room) => `${prefix}:archive:${room}`,
  };
}
