import { Observable } from 'rxjs';
import { emptySeen, foldEntry, seenFromJson, type ClusterFold } from '../../src/cluster-fold.js';
import type { Effect } from '../../src/effects.js';
import type { RoomEvent } from '../../src/events.js';
import type { Step } from '../../src/room-reducer.js';
import { bootOf, initialRoomState, type RoomState } from '../../src/room-state.js';
import { stateFromJson } from '../../src/state-json.js';
import { log } from '../../src/step.js';
import type { Archive } from '../log/event-log.js';
import { createMemoryLog } from '../log/memory-log.js';
import { archivedBy, frameRefusal, messageRefusal } from '../logged-room-store.js';
import type { RoomStore } from '../room-store.js';
import { createAppender } from './appender.js';
import type { BusEntry, ClusterBus } from './bus.js';
import { loadArchive, pendingArchive } from './cluster-archive.js';
import { lapsedLeases$ } from './lease.js';
import { createSnapshotter } from './snapshotter.js';

export interface ClusterStoreOptions {
  readonly bus: ClusterBus;
  readonly reduce: (state: RoomState, event: RoomEvent) => Step;
  /** [CLUSTER] This node's name: a restart under the same name takes its own earlier sessions back. */
  readonly node: string;
  /** [NODE-LEASE] ms without a renewal after which the others hold this node's sessions. */
  readonly leaseMs: number;
  /** [RESUME-GRACE] How long a gone node's sessions are held. */
  readonly graceMs: number;
  readonly snapshotEvery: number;
  readonly snapshotIntervalMs: number;
  /** [ARCHIVE-MEMORY] Messages per room this node keeps for `history` and `search`, filled from the log. */
  readonly archivePerRoom: number;
  readonly now: () => number;
  readonly defer?: (fn: () => void) => void;
}

/** The room store of a cluster node: the shared log's fold, this node's boot, and what it archived. */
export interface ClusterStore extends RoomStore {
  readonly boot: number;
  readonly archive: Archive;
  readonly recovered: { readonly entries: number; readonly snapshot: boolean };
}

/** [NODE-HEALTH] What a node writes with each lease renewal, and `rxchat status` prints. */
export interface NodeHealth {
  readonly node: string;
  readonly boot: number;
  readonly startedAt: number;
  readonly renewedAt: number;
  /** 'failing' while its appends fail (it refuses messages then). */
  readonly appending: 'ok' | 'failing';
  /** Its events not yet stored in the log. */
  readonly pending: number;
  /** The id of the last entry it folded. */
  readonly folded: string;
  /** Its connections (registered or not). */
  readonly connections: number;
}

/** This boot's connections in the state (ids are `boot * 2**32 + n`). */
function countOwn(state: RoomState, boot: number): number {
  let count = 0;
  for (const id of state.conns.keys()) if (bootOf(id) === boot) count++;
  return count;
}

/** [NODE-LOST] This node's lease lapsed and the cluster holds its sessions: it must not go on. */
export class NodeLostError extends Error {
  override readonly name = 'NodeLostError';
}

const UNAVAILABLE = 'the cluster cannot store messages now (its Redis is unreachable); it was not delivered, try again';

/**
 * [CLUSTER] Opens a node's store on the shared log: takes a boot number, its lease, the newest
 * snapshot and every entry after it (catching up before the node listens). Its `fold` appends this
 * node's events to the log ([CLUSTER-APPEND]) and folds the log, everyone's events in the log's
 * order, with the same reducer ([CLUSTER-ONCE]); each step goes to the router, which reaches only
 * this node's connections. Nothing is acknowledged or broadcast before the log holds it.
 */
export async function openClusterStore(options: ClusterStoreOptions): Promise<ClusterStore> {
  const { bus, reduce, now } = options;
  const boot = await bus.nextBoot();
  await bus.renewLease(boot, options.leaseMs);
  const snapshot = await bus.newestSnapshot();
  let fold: ClusterFold = snapshot === null ? { state: initialRoomState, seen: emptySeen } : parseSnapshot(snapshot.body);
  let lastId = snapshot?.id ?? '0';
  const memory = createMemoryLog({ keepEvents: false, keepPerRoom: options.archivePerRoom });
  if (snapshot !== null) await loadArchive(bus, fold.state, memory);
  const archiving = pendingArchive(options.archivePerRoom);
  const tail = await bus.readTail(lastId);
  for (const entry of tail) apply(entry);

  /** Folds one entry of the log: the step it caused and its event; undefined for a repeat. */
  function apply(entry: BusEntry): { step: Step; event?: RoomEvent } | undefined {
    lastId = entry.id;
    let event: RoomEvent;
    try {
      event = JSON.parse(entry.body) as RoomEvent;
    } catch {
      // Every node skips it alike, so their states stay equal; it is a bug or a foreign writer.
      return { step: { state: fold.state, effects: [log('warn', 'cluster: unreadable entry skipped', { id: entry.id, boot: entry.boot })] } };
    }
    const before = fold;
    const folded = foldEntry(reduce, fold, { boot: entry.boot, seq: entry.seq, event });
    fold = folded.fold;
    if (fold === before) return undefined;
    const messages = archivedBy([{ step: folded.step }]);
    if (messages.length > 0) {
      memory.commit([], messages);
      archiving.add(messages);
    }
    return { step: folded.step, event };
  }

  const foldLog = (events$: Observable<RoomEvent>) => new Observable<Step>((subscriber) => {
    let upSince: number | undefined = now();
    const graceTimers = new Set<NodeJS.Timeout>();
    const note = (level: 'info' | 'warn', msg: string, fields: Record<string, string | number | boolean> = {}) =>
      subscriber.next({ state: fold.state, effects: [log(level, msg, fields)] });
    const appender = createAppender({
      bus, boot, defer: options.defer ?? setImmediate, maxPending: 100_000,
      onFailure: (error) => {
        upSince = undefined;
        note('warn', 'cluster: cannot append to the log; refusing messages until it can', { error: describe(error) });
      },
      onRecovery: () => note('info', 'cluster: appending again'),
      onOverflow: (pending) => subscriber.error(new Error(`the cluster's log has been unreachable for ${pending} events`)),
    });
    const afterGrace = (ms: number) => {
      const timer = setTimeout(() => {
        graceTimers.delete(timer);
        appender.push({ type: 'server/grace-ended', at: now() });
      }, ms + 50);
      graceTimers.add(timer);
    };
    let wasUp = true;
    const status = bus.status$.subscribe((s) => {
      if (s.up) upSince ??= now();
      else upSince = undefined;
      // [BUS-STATUS] Said once per change: an outage is visible in the log (and `rxchat status` from elsewhere).
      if (s.up !== wasUp) note(s.up ? 'info' : 'warn', s.up ? 'cluster: Redis reachable again' : 'cluster: Redis unreachable; refusing messages until it is back', s.up ? {} : { reason: s.reason });
      wasUp = s.up;
    });
    const snapshotter = createSnapshotter({
      bus, boot, every: options.snapshotEvery, intervalMs: options.snapshotIntervalMs, now,
      onError: (error) => note('warn', 'cluster: snapshot or trim failed', { error: describe(error) }),
      archive: archiving,
    });
    const reading = bus.read$(lastId).subscribe({
      next(entries) {
        for (const entry of entries) {
          const applied = apply(entry);
          if (applied === undefined) continue;
          subscriber.next(applied.step);
          const event = applied.event;
          if (event === undefined) continue;
          if (event.type === 'node/gone' && event.boot === boot && event.reason === 'lost') {
            subscriber.error(new NodeLostError(`this node (boot ${boot}) lost its lease: the cluster holds its sessions for their owners to resume on another node`));
            return;
          }
          if (event.type === 'node/gone' || (event.type === 'server/started' && event.node !== undefined)) afterGrace(event.graceMs);
        }
        snapshotter.folded(entries.length, lastId, () => fold);
      },
      error: (error: unknown) => subscriber.error(error),
    });
    const startedAt = now();
    const health = (): string => JSON.stringify({
      node: options.node, boot, startedAt, renewedAt: now(), appending: appender.failing ? 'failing' : 'ok',
      pending: appender.pending, folded: lastId, connections: countOwn(fold.state, boot),
    } satisfies NodeHealth);
    const leases = lapsedLeases$({
      bus, boot, leaseMs: options.leaseMs, now, upSince: () => upSince, health,
      others: () => [...fold.state.nodes.keys()].filter((other) => other !== boot),
    }).subscribe((lost) => appender.push({ type: 'node/gone', boot: lost, reason: 'lost', graceMs: options.graceMs, at: now() }));

    const input = events$.subscribe({
      next(event) {
        const refusal = upSince === undefined || appender.failing ? messageRefusal(event, UNAVAILABLE) : undefined;
        if (refusal) subscriber.next({ state: fold.state, effects: [refusal] });
        else if (!appender.push(asNodeEvent(event, boot, options))) subscriber.next({ state: fold.state, effects: [tooLarge(event)] });
      },
      error: (error: unknown) => subscriber.error(error),
      complete() {
        // [NODE-GONE] Stopping: what this node appended goes out and comes back folded (bounded), then
        // done; at once when Redis is unreachable (its lease will lapse and the others hold its sessions).
        if (upSince === undefined || appender.failing) {
          subscriber.complete();
          return;
        }
        void appender.drained(5_000)
          .then(() => until(() => (fold.seen.get(boot) ?? 0) >= appender.appended, 5_000))
          .then(() => subscriber.complete());
      },
    });
    return () => {
      input.unsubscribe();
      leases.unsubscribe();
      reading.unsubscribe();
      status.unsubscribe();
      appender.stop();
      for (const timer of graceTimers) clearTimeout(timer);
    };
  });

  return {
    fold: foldLog,
    get state() {
      return fold.state;
    },
    boot,
    archive: memory.archive,
    recovered: { entries: tail.length, snapshot: snapshot !== null },
  };
}

/** [CLUSTER] What the server driver says as one process, said as one node: its start names it, its shutdown is its own. */
function asNodeEvent(event: RoomEvent, boot: number, options: ClusterStoreOptions): RoomEvent {
  if (event.type === 'server/started') return { ...event, boot, node: options.node };
  if (event.type === 'server/shutdown-requested') return { type: 'node/gone', boot, reason: 'stopped', graceMs: options.graceMs, at: event.at };
  return event;
}

/** [BUS-BOUNDS] The refusal of a frame too large for one entry of the log (only a frame can be that large). */
function tooLarge(event: RoomEvent): Effect {
  return frameRefusal(event, 'TEXT_TOO_LONG', 'this is too large for the cluster\'s log (1 MiB once encoded); it was not delivered')
    ?? log('warn', 'cluster: an event too large for the log was dropped', { type: event.type });
}

function parseSnapshot(body: string): ClusterFold {
  const json = JSON.parse(body) as { state?: unknown; seen?: unknown };
  return { state: stateFromJson(json.state), seen: seenFromJson(json.seen) };
}

/** Resolves once `done()` holds (checked every 20 ms) or after `ms`. */
function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve) => {
    const check = () => (done() || Date.now() >= deadline ? resolve() : setTimeout(check, 20));
    check();
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
