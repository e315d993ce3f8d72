import { PassThrough } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { readLines$ } from '../../streams/read-lines.js';

/** readLines$ wraps node:readline, which is asynchronous: driven with a PassThrough, not marbles. */
describe('readLines$', () => {
  test('lines without their breaks (LF or CRLF), the last one unterminated; completes at end of input', async () => {
    const input = new PassThrough();
    const all = lastValueFrom(readLines$(input).pipe(toArray()));
    input.write('one\ntw');
    input.write('o\r\nthrée\n\nlast');
    input.end();
    await expect(all).resolves.toEqual(['one', 'two', 'thrée', '', 'last']);
  });

  test('empty input: completes with nothing', async () => {
    const input = new PassThrough();
    const all = lastValueFrom(readLines$(input).pipe(toArray()));
    input.end();
    await expect(all).resolves.toEqual([]);
  });

  test('an input error is the stream error', async () => {
    const input = new PassThrough();
    const first = firstValueFrom(readLines$(input));
    input.destroy(new Error('EIO'));
    await expect(first).rejects.toThrow('EIO');
  });

  test('unsubscribing stops reading and leaves no listener behind', async () => {
    const input = new PassThrough();
    const before = { data: input.listenerCount('data'), error: input.listenerCount('error'), end: input.listenerCount('end') };
    const seen: string[] = [];
    const sub = readLines$(input).subscribe((l) => seen.push(l));
    input.write('a\n');
    await new Promise((r) => setImmediate(r));
    sub.unsubscribe();
    input.write('b\n');
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['a']);
    expect({ data: input.listenerCount('data'), error: input.listenerCount('error'), end: input.listenerCount('end') }).toEqual(before);
  });
});
