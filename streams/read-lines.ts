import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';

/**
 * The lines of a readable stream (stdin), without their line breaks. Reading starts on subscribe,
 * so lines are not lost before anyone listens; completes at end of input; unsubscribing stops reading.
 */
export function readLines$(input: Readable): Observable<string> {
  return new Observable<string>((subscriber) => {
    const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
    lines.on('line', (line) => subscriber.next(line));
    lines.on('close', () => subscriber.complete());
    // readline re-emits the input's errors on the interface, and throws them if nobody listens
    // there; listening on the interface also leaves no listener on `input` once it is closed.
    lines.on('error', (error) => subscriber.error(error));
    return () => lines.close();
  });
}
