import { Observable, type OperatorFunction } from 'rxjs';
import { flushCarry, initialSplitState, splitLines, type SplitItem } from '../src/line-splitter.js';
import { sniffProtocol, type WireProtocol } from '../src/sniff-protocol.js';

/** What the read side of a connection yields: first the protocol it speaks, then its lines. */
export type InboundItem = { readonly kind: 'protocol'; readonly protocol: WireProtocol } | SplitItem;

/**
 * Frames a connection's bytes: sniffs the protocol ([SNIFF]) from the first non-blank bytes,
 * then splits lines of at most `maxBytes` ([FRAMING]); an over-long line becomes one `overflow`
 * item, never a growing buffer. For the legacy protocol a chunk's unterminated tail is a line
 * too ([LEGACY-FRAMING]). Completes and errors with the source; keeps no state across subscriptions.
 */
export function frameInbound(maxBytes: number): OperatorFunction<Uint8Array, InboundItem> {
  return (source) =>
    new Observable<InboundItem>((subscriber) => {
      let protocol: WireProtocol | undefined;
      let split = initialSplitState;
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
        if (protocol === undefined) {
          protocol = sniffProtocol(chunk);
          if (protocol === undefined) return;
          subscriber.next({ kind: 'protocol', protocol });
          // Blank bytes before the first frame are dropped however they were chunked; kept, a
          // blank line that came in the same read as the hello would become an empty frame.
          chunk = chunk.subarray(leadingBlanks(chunk));
        }
        const result = splitLines(split, chunk, maxBytes);
        split = result.state;
        for (const item of result.items) subscriber.next(item);
        if (protocol === 'legacy') {
          const flushed = flushCarry(split);
          split = flushed.state;
          if (flushed.line) subscriber.next({ kind: 'line', bytes: flushed.line });
        }
      }
    });
}

/** How many blank bytes (as [SNIFF] counts them) open `bytes`. */
function leadingBlanks(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}
