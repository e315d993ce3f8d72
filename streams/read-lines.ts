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
    input.once('error', (error) => subscriber.error(error));
    return () => lines.close();
  });
}
