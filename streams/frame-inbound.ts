import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { SplitItem } from '../src/line-splitter.js';
import { fullBucket, takeToken, type FloodRule } from '../src/token-bucket.js';
import type { AdapterLimits, AdapterSession, ProtocolAdapter } from './adapters/protocol-adapter.js';
import type { ListenerProtocol } from './adapters/registry.js';

/**
 * What the read side of a connection yields: first the protocol it speaks, then its lines. A paced
 * line carries the time its token was taken, which its events must carry too ([LEGACY-PACE]).
 */
export type InboundItem =
  | { readonly kind: 'protocol'; readonly adapter: ProtocolAdapter; readonly session: AdapterSession }
  | SplitItem
  | { readonly kind: 'line'; readonly bytes: Uint8Array; readonly at: number };

/** [LEGACY-PACE] How a paced protocol's reads are slowed: the room's [FLOOD] rule, a clock, and the socket's tap. */
export interface Pacing {
  readonly rule: FloodRule;
  /**
   * Bytes a paced peer may have waiting before its socket is paused: short of it, what arrives is
   * read and joins what waits (Node's socket would keep every read apart); past it, TCP holds the rest.
   */
  readonly maxBufferedBytes: number;
  readonly now: () => number;
  readonly scheduler?: SchedulerLike;
  readonly flow: { pause(): void; resume(): void };
}

/**
 * Frames a connection's bytes: picks its adapter (the listener's own, or [SNIFF] from the first
 * non-blank bytes), opens the adapter's session for it, then hands each read to the adapter's
 * framing and passes the lines on one by one ([FRAMING], [LEGACY-STREAM]), each after the one
 * before was handled.
 *
 * [LEGACY-PACE] For an adapter that is `paced`, with `pacing` given: a line goes on only with a
 * token of a bucket that follows the room's [FLOOD] rule, charged at the time the line carries (the
 * room charges the same line at the same time, so it never has to refuse one). Without a token,
 * what arrives waits and is framed together with what waited (a burst becomes few long messages);
 * past `maxBufferedBytes` waiting the socket is paused, so TCP keeps the rest in the peer's
 * buffers and memory stays bounded. A source that completes while lines wait completes once they are
 * passed on. Errors with the source; keeps no state across subscriptions.
 */
export function frameInbound(protocol: ListenerProtocol, limits: AdapterLimits, pacing?: Pacing): OperatorFunction<Uint8Array, InboundItem> {
  return (source) =>
    new Observable<InboundItem>((subscriber) => {
      let session: AdapterSession | undefined;
      let paced: Pacing | undefined;
      let bucket = pacing && fullBucket(pacing.rule, pacing.now());
      let retry: Subscription | undefined;
      let paused = false;
      let ended = false;
      const choose = (adapter: ProtocolAdapter): void => {
        session = adapter.open(limits);
        if (adapter.paced) paced = pacing;
        subscriber.next({ kind: 'protocol', adapter, session });
      };
      // A throw here would escape to RxJS's unhandled-error hook (and end the process), not to
      // this connection: hand it to the subscriber so that it ends this connection alone.
      const guarded = (work: () => void) => {
        try {
          work();
        } catch (error) {
          subscriber.error(error);
        }
      };
      if (protocol.kind === 'bound') choose(protocol.adapter);
      const inner = source.subscribe({
        next: (chunk: Uint8Array) => guarded(() => frame(chunk)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => (retry ? (ended = true) : subscriber.complete()),
      });
      return () => {
        inner.unsubscribe();
        retry?.unsubscribe();
      };

      function frame(chunk: Uint8Array): void {
        if (session === undefined && protocol.kind === 'sniff') {
          const adapter = protocol.sniff(chunk);
          if (adapter === undefined) return;
          choose(adapter);
          // Blank bytes before the first frame are dropped however they were chunked; kept, a
          // blank line that came in the same read as the hello would become an empty frame.
          chunk = chunk.subarray(leadingBlanks(chunk));
        }
        session!.framer.push(chunk);
        if (retry === undefined) drain();
        else adjustFlow();
      }

      /** [LEGACY-PACE] Reads while what waits is within the bound; pauses the socket past it. */
      function adjustFlow(): void {
        if (paced === undefined) return;
        const over = retry !== undefined && session!.framer.bufferedBytes > paced.maxBufferedBytes;
        if (over !== paused) {
          paused = over;
          if (over) paced.flow.pause();
          else paced.flow.resume();
        }
      }

      /** Passes lines on while there are any (and, paced, while there are tokens). */
      function drain(): void {
        const { framer } = session!;
        while (!subscriber.closed) {
          if (paced === undefined) {
            const item = framer.next();
            if (item === undefined) break;
            subscriber.next(item);
            continue;
          }
          if (!framer.hasLine()) break;
          const at = paced.now();
          const take = takeToken(bucket!, at, paced.rule);
          if (!take.allowed) return wait(paced, take.retryAfterMs);
          const item = framer.next()!;
          bucket = take.bucket;
          subscriber.next(item.kind === 'line' ? { kind: 'line', bytes: item.bytes, at } : item);
        }
        adjustFlow();
        if (ended) subscriber.complete();
      }

      function wait(by: Pacing, ms: number): void {
        retry = (by.scheduler ?? asyncScheduler).schedule(() => {
          retry = undefined;
          guarded(drain);
        }, ms);
        adjustFlow();
      }
    });
}

/** How many blank bytes (as [SNIFF] counts them) open `bytes`. */
function leadingBlanks(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}
