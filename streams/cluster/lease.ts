import { Observable } from 'rxjs';
import type { ClusterBus } from './bus.js';

export interface LeaseOptions {
  readonly bus: ClusterBus;
  readonly boot: number;
  /** [NODE-LEASE] How long a lease lasts without renewal; renewed every third of it. */
  readonly leaseMs: number;
  /** The other live boots the fold knows of now (the state's `nodes` but this one). */
  readonly others: () => readonly number[];
  /** Since when the bus has been reachable without a break (undefined: it is not). */
  readonly upSince: () => number | undefined;
  readonly now: () => number;
  /** [NODE-HEALTH] What this node says of itself with each renewal (JSON text), for `rxchat status`. */
  readonly health?: () => string;
}

/**
 * [NODE-LEASE] Renews this node's lease every third of `leaseMs` and emits each other boot whose
 * lease has lapsed (the node is gone: the caller appends `node/gone`). It only judges others after
 * the bus has been up for a whole lease without a break: after an outage every lease may have
 * lapsed, and each node must first get the chance to renew its own, or all would bury each other.
 * A renewal or a check that fails is tried again at the next tick.
 */
export function lapsedLeases$(options: LeaseOptions): Observable<number> {
  const { bus, boot, leaseMs } = options;
  return new Observable<number>((subscriber) => {
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        await bus.renewLease(boot, leaseMs, options.health?.());
        const upSince = options.upSince();
        if (upSince === undefined || options.now() - upSince < leaseMs) return;
        const others = options.others();
        if (others.length === 0) return;
        const live = await bus.liveBoots(others);
        for (const other of others) if (!live.has(other) && !subscriber.closed) subscriber.next(other);
      } catch {
        // The bus is down: its status says so, and the next tick tries again.
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), Math.max(50, Math.floor(leaseMs / 3)));
    return () => clearInterval(timer);
  });
}
