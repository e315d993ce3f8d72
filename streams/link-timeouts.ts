import { asyncScheduler, Observable, type OperatorFunction, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import type { InboundItem } from './frame-inbound.js';

/** What the timeouts of one connection add to its inbound items. */
export type TimeoutSignal =
  | { readonly kind: 'handshake-timeout' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'idle-timeout' };

export interface LinkTimeoutOptions {
  /** [HANDSHAKE-TIMEOUT] How long a connection may take to be welcomed. */
  readonly handshakeMs: number;
  /** [IDLE] Silence (no line) before a peer is pinged, and how long it then has to say anything. */
  readonly idleMs: number;
  readonly graceMs: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * The timeouts of one connection as one operator: items pass through unchanged and the signals are
 * merged in. `handshake-timeout` comes `handshakeMs` after subscription unless `welcomed()` was
 * called first. Once the protocol item of an adapter that pings idle peers passes, `idleMs` without
 * a line gives `ping`, and `graceMs` more gives `idle-timeout` ([IDLE]); the others (legacy peers)
 * are left to TCP keepalive.
 * Completes and errors with the source, cancelling every timer.
 *
 * [HOT-PATH] Each connection holds at most two scheduled actions. A line only stamps the time: the
 * idle action, when it fires, re-arms itself for the rest of the quiet period, so a busy
 * connection costs no timer work per frame and no Observable per frame.
 */
export function createLinkTimeouts(options: LinkTimeoutOptions): {
  readonly watch: OperatorFunction<InboundItem, InboundItem | TimeoutSignal>;
  welcomed(): void;
} {
  const scheduler = options.scheduler ?? asyncScheduler;
  let welcomed = false;
  let handshake: Subscription | undefined;
  return {
    welcomed() {
      welcomed = true;
      handshake?.unsubscribe();
    },
    watch: (source) => new Observable<InboundItem | TimeoutSignal>((subscriber) => {
      if (!welcomed) {
        handshake = scheduler.schedule(() => {
          if (!welcomed) subscriber.next({ kind: 'handshake-timeout' });
        }, options.handshakeMs);
      }
      let idle: Subscription | undefined;
      let lastLine = 0;
      let pingedAt: number | undefined;
      const { idleMs, graceMs } = options;
      function onTimer(this: SchedulerAction<unknown>): void {
        const now = scheduler.now();
        if (pingedAt !== undefined && lastLine < pingedAt) {
          if (now - pingedAt >= graceMs) return subscriber.next({ kind: 'idle-timeout' });
          return void this.schedule(undefined, pingedAt + graceMs - now);
        }
        pingedAt = undefined;
        const quiet = now - lastLine;
        if (quiet < idleMs) return void this.schedule(undefined, idleMs - quiet);
        pingedAt = now;
        subscriber.next({ kind: 'ping' });
        this.schedule(undefined, graceMs);
      }
      const inner = source.subscribe({
        next(item) {
          if (item.kind === 'line') lastLine = scheduler.now();
          else if (item.kind === 'protocol' && item.adapter.pingsIdlePeers && idle === undefined) {
            lastLine = scheduler.now();
            idle = scheduler.schedule(onTimer, idleMs);
          }
          subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        inner.unsubscribe();
        handshake?.unsubscribe();
        idle?.unsubscribe();
      };
    }),
  };
}
