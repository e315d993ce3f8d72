import { describe, expect, it } from 'vitest';
import { joinBatch } from '../../streams/join-batch.js';

const frame = (text: string) => Buffer.from(text);

describe('[BATCH-ONCE] joinBatch', () => {
  it('hands a lone frame over as it is', () => {
    const only = frame('a\n');
    expect(joinBatch([only], only.length)).toBe(only);
  });

  it('joins a batch, and gives peers with the very same frames the very same buffer', () => {
    const a = frame('a\n');
    const b = frame('b\n');
    const first = joinBatch([a, b], 4);
    expect(Buffer.from(first).toString()).toBe('a\nb\n');
    expect(joinBatch([a, b], 4)).toBe(first);
  });

  it('never shares between batches that differ, even with equal bytes', () => {
    const a = frame('a\n');
    const b = frame('b\n');
    const ack = frame('b\n');
    const members = joinBatch([a, b], 4);
    const sender = joinBatch([a, ack], 4);
    expect(sender).not.toBe(members);
    expect(joinBatch([b], 2)).toBe(b);
    expect(Buffer.from(joinBatch([frame('x\n'), b], 4)).toString()).toBe('x\nb\n');
  });
});
