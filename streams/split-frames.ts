import { Observable, type OperatorFunction } from 'rxjs';
import { initialSplitState, splitLines, type SplitItem } from '../src/line-splitter.js';

/**
 * Splits a byte stream into lines of at most `maxBytes` ([FRAMING]), whatever the chunking: a line
 * split across chunks is joined, several lines in one chunk come out one by one, an over-long line
 * becomes one `overflow` item. An unterminated tail at completion is dropped (the peer cut it off).
 */
export function splitFrames(maxBytes: number): OperatorFunction<Uint8Array, SplitItem> {
  return (source) =>
    new Observable<SplitItem>((subscriber) => {
      let state = initialSplitState;
      return source.subscribe({
        next(chunk) {
          const result = splitLines(state, chunk, maxBytes);
          state = result.state;
          for (const item of result.items) subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
