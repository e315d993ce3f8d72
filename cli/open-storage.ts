import { EMPTY, type Observable } from 'rxjs';
import { createRoomReducer, type RoomOptions } from '../src/room-reducer.js';
import type { EventLog } from '../streams/log/event-log.js';
import { createLoggedRoomStore } from '../streams/logged-room-store.js';
import { retention$ } from '../streams/retention.js';
import { DEFAULT_RESUME_GRACE_MS, MEMORY_ARCHIVE_PER_ROOM, type ChatServerOptions } from '../streams/chat-server.js';
import type { Logger } from './logger.js';
import type { StorageChoice } from './storage-flags.js';

/** [RETENTION] How often the archive is pruned while the server runs. */
const PRUNE_EVERY_MS = 3_600_000;

export interface OpenedStorage {
  /** What `chatServer$` is given: a store and its archive (none: the in-memory default). */
  readonly server: Pick<ChatServerOptions, 'store' | 'archive'>;
  readonly retention$: Observable<number>;
  close(): void;
}

/**
 * [EVENT-LOG] Opens what `--data` / `--in-memory` chose and recovers the state from it, saying
 * where the data lives. A store that cannot be opened or read (locked by another server, corrupt,
 * foreign, newer, unwritable) ends the program with the reason and exit 1: it never starts empty
 * over data it could not read.
 */
export async function openStorage(
  args: RoomOptions & { readonly storage: StorageChoice; readonly resumeGraceMs?: number },
  logger: Logger,
): Promise<OpenedStorage> {
  const choice = args.storage;
  if (choice.kind === 'memory') {
    logger.log('info', 'storage: in memory (nothing survives a restart)');
    return { server: {}, retention$: EMPTY, close() {} };
  }
  if (choice.kind === 'cluster') return openCluster(args, choice, logger);
  let log: EventLog | undefined;
  try {
    const { openSqliteLog } = await import('../streams/log/sqlite-log.js');
    log = openSqliteLog(choice.dir, { fsync: choice.fsync });
    const started = Date.now();
    const store = createLoggedRoomStore({
      log, reduce: createRoomReducer(args), snapshotEvery: choice.snapshotEvery, snapshotIntervalMs: choice.snapshotIntervalMs, now: Date.now,
    });
    logger.log('info', 'storage: durable', {
      data: choice.dir, fsync: choice.fsync, replayedEvents: store.recovered.events, fromSnapshot: store.recovered.snapshot, recoveryMs: Date.now() - started,
    });
    const opened = log;
    return {
      server: { store, archive: opened.archive },
      retention$: retention$(opened, choice.retention, PRUNE_EVERY_MS, Date.now),
      close: () => opened.close(),
    };
  } catch (error) {
    log?.close();
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    process.stderr.write(`rxchat: cannot use the data directory ${choice.dir}: ${reason}\n`);
    process.exit(1);
  }
}

/**
 * [CLUSTER] Joins the cluster on `--redis`: the node takes a boot and a lease, catches up from the
 * newest snapshot and the log's tail, and only then does the server listen. Redis unreachable at
 * start ends the program with the reason and exit 1 (a running node rides out an outage instead).
 */
async function openCluster(
  args: RoomOptions & { readonly resumeGraceMs?: number },
  choice: Extract<StorageChoice, { kind: 'cluster' }>,
  logger: Logger,
): Promise<OpenedStorage> {
  const { openRedisBus } = await import('../streams/cluster/redis-bus.js');
  const { openClusterStore } = await import('../streams/cluster/cluster-store.js');
  let bus: Awaited<ReturnType<typeof openRedisBus>> | undefined;
  try {
    bus = await openRedisBus(choice.url);
    const started = Date.now();
    const store = await openClusterStore({
      bus, reduce: createRoomReducer(args), node: choice.node, leaseMs: choice.leaseMs,
      graceMs: args.resumeGraceMs ?? DEFAULT_RESUME_GRACE_MS, snapshotEvery: choice.snapshotEvery,
      snapshotIntervalMs: choice.snapshotIntervalMs, archivePerRoom: MEMORY_ARCHIVE_PER_ROOM, now: Date.now,
    });
    logger.log('info', 'storage: cluster node', {
      redis: redactUrl(choice.url), node: choice.node, boot: store.boot, caughtUpEntries: store.recovered.entries,
      fromSnapshot: store.recovered.snapshot, recoveryMs: Date.now() - started,
    });
    const opened = bus;
    return { server: { store, archive: store.archive }, retention$: EMPTY, close: () => void opened.close() };
  } catch (error) {
    await bus?.close().catch(() => undefined);
    process.stderr.write(`rxchat: cannot join the cluster on ${redactUrl(choice.url)}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** A Redis URL without its password, for logs. */
function redactUrl(text: string): string {
  const url = new URL(text);
  if (url.password !== '') url.password = '***';
  return url.toString();
}
