import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { batchedLines } from '../../cli/logger.js';

/** [LOG-BATCH] The server's log lines leave in batches: held briefly, never lost, never reordered. */
describe('[LOG-BATCH] batchedLines', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const sink = () => {
    const writes: string[] = [];
    return { writes, out: { write: (text: string) => writes.push(text) } };
  };

  test('holds lines, then writes them in order in one write once the timer fires', () => {
    const { writes, out } = sink();
    const lines = batchedLines(out);
    lines.write('a\n');
    lines.write('b\n');
    expect(writes).toEqual([]);
    vi.runOnlyPendingTimers();
    expect(writes).toEqual(['a\nb\n']);
    vi.runOnlyPendingTimers();
    expect(writes).toEqual(['a\nb\n']);
  });

  test('writes at once when 8 KiB are held, and the timer then finds nothing more', () => {
    const { writes, out } = sink();
    const lines = batchedLines(out);
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 8; i++) lines.write(line);
    expect(writes).toEqual([line.repeat(8)]);
    lines.write('tail\n');
    vi.runOnlyPendingTimers();
    expect(writes).toEqual([line.repeat(8), 'tail\n']);
  });

  test('flush writes what is held (as exit does), and an empty flush writes nothing', () => {
    const { writes, out } = sink();
    const lines = batchedLines(out);
    lines.flush();
    expect(writes).toEqual([]);
    lines.write('last words\n');
    lines.flush();
    expect(writes).toEqual(['last words\n']);
  });
});
