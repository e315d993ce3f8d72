import { Observable, type OperatorFunction } from 'rxjs';
import type { SplitItem } from '../src/line-splitter.js';
import type { AdapterLimits, AdapterSession, ProtocolAdapter } from './adapters/protocol-adapter.js';
import type { ListenerProtocol } from './adapters/registry.js';

/** What the read side of a connection yields: first the protocol it speaks, then its lines. */
export type InboundItem =
  | { readonly kind: 'protocol'; readonly adapter: ProtocolAdapter; readonly session: AdapterSession }
  | SplitItem;

/**
 * Frames a connection's bytes: picks its adapter (the listener's own, or [SNIFF] from the first
 * non-blank bytes), opens the adapter's session for it, then hands each read to the adapter's
 * framing and passes the lines on one by one ([FRAMING], [LEGACY-FRAMING]). Completes and errors
 * with the source; keeps no state across subscriptions.
 */
export function frameInbound(protocol: ListenerProtocol, limits: AdapterLimits): OperatorFunction<Uint8Array, InboundItem> {
  return (source) =>
    new Observable<InboundItem>((subscriber) => {
      let session: AdapterSession | undefined;
      const choose = (adapter: ProtocolAdapter): void => {
        session = adapter.open(limits);
        subscriber.next({ kind: 'protocol', adapter, session });
      };
      if (protocol.kind === 'bound') choose(protocol.adapter);
      return source.subscribe({
        next(chunk: Uint8Array) {
          // A throw here would escape to RxJS's unhandled-error hook (and end the process), not to
          // this connection: hand it to the subscriber so that it ends this connection alone.
          try {
            frame(chunk);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });

      function frame(chunk: Uint8Array): void {
        if (session === undefined && protocol.kind === 'sniff') {
          const adapter = protocol.sniff(chunk);
          if (adapter === undefined) return;
          choose(adapter);
          // Blank bytes before the first frame are dropped however they were chunked; kept, a
          // blank line that came in the same read as the hello would become an empty frame.
          chunk = chunk.subarray(leadingBlanks(chunk));
        }
        const { framer } = session!;
        framer.push(chunk);
        for (let item = framer.next(); item !== undefined && !subscriber.closed; item = framer.next()) subscriber.next(item);
      }
    });
}

/** How many blank bytes (as [SNIFF] counts them) open `bytes`. */
function leadingBlanks(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}
