import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createStreamLedger, streamPackets } from '../../bench/stream-ledger.js';
import { createLegacyStreamReader, createNativeStreamReader } from '../../bench/stream-readers.js';

const streamOf = (s: number, messages: number) => Buffer.concat(streamPackets(s, messages, 32));

/** Cuts `bytes` at the given sorted offsets. */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [0, ...[...new Set(at)].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i]!, end)).filter((p) => p.length > 0);
}

describe('streamPackets', () => {
  test.prop([fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 50 })])('packets are exactly 32 bytes with no whitespace and nothing JSON escapes', (s, n) => {
    const packets = streamPackets(s, n, 32);
    expect(packets).toHaveLength(n);
    for (const p of packets) {
      expect(p.length).toBe(32);
      expect(p.toString('latin1')).toMatch(/^[0-9A-Za-z.]+$/);
    }
    expect(new Set(packets.map((p) => p.toString('latin1'))).size).toBe(n);
  });

  it('refuses a size that cannot hold the packet number', () => {
    expect(() => streamPackets(123, 10, 4)).toThrow(RangeError);
  });
});

describe('createStreamLedger', () => {
  test.prop([fc.array(fc.integer({ min: 1, max: 20 * 32 - 1 }), { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 10 * 32 - 1 }), { maxLength: 20 })])(
    'pieces cut anywhere, concatenating to the streams, are exact', (cutsA, cutsB) => {
      const streams = [streamOf(0, 20), streamOf(1, 10)];
      const ledger = createStreamLedger(3, streams, 2);
      for (const piece of cut(streams[0]!, cutsA)) for (const r of [1, 2]) ledger.record(r, 0, piece);
      for (const piece of cut(streams[1]!, cutsB)) for (const r of [0, 2]) ledger.record(r, 1, piece);
      const total = (20 + 10) * 32 * 2;
      expect(ledger.summary()).toEqual({ expected: total, delivered: total, duplicates: 0, skips: 0, lost: 0 });
      expect(ledger.matched).toBe(total);
    });

  it('counts a lost piece, a repeated piece and a piece from nowhere', () => {
    const stream = streamOf(0, 4);
    const ledger = createStreamLedger(2, [stream], 1);
    const [a, b, c, d] = cut(stream, [32, 64, 96]);
    ledger.record(1, 0, a!);
    ledger.record(1, 0, a!); // duplicate
    ledger.record(1, 0, c!); // b was lost
    ledger.record(1, 0, Buffer.from('nothing.like.this')); // corrupt
    ledger.record(1, 0, d!);
    expect(ledger.summary()).toEqual({ expected: 128, delivered: 32 * 4 + 17, duplicates: 32, skips: 2, lost: 32 });
    expect(ledger.pieces).toBe(5);
  });

  it('refuses counts that are not whole', () => {
    expect(() => createStreamLedger(1.5, [], 1)).toThrow(TypeError);
  });
});

describe('stream readers', () => {
  const nicks = new Map([['u000', 0]]);

  test.prop([fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 20 })])('the legacy reader gives every piece whatever the chunking', (at) => {
    const wire = Buffer.from('TRUEu001 joined!\nu000: 0.1.abc\nu000: def\n', 'latin1');
    const pieces: string[] = [];
    const others: string[] = [];
    const read = createLegacyStreamReader(nicks, { piece: (_s, text) => pieces.push(text.toString('latin1')), other: (l) => others.push(l) });
    for (const chunk of cut(wire, at.filter((n) => n < wire.length))) read(chunk);
    expect(pieces).toEqual(['0.1.abc', 'def']);
    expect(others).toEqual(['TRUE', 'u001 joined!']);
  });

  it('the legacy reader reports FALSE and stops', () => {
    const others: string[] = [];
    const read = createLegacyStreamReader(nicks, { piece: () => expect.fail('no piece after FALSE'), other: (l) => others.push(l) });
    read(Buffer.from('FAL'));
    read(Buffer.from('SE'));
    expect(others).toEqual(['FALSE']);
  });

  test.prop([fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 20 })])('the native reader gives message texts of known senders only', (at) => {
    const wire = Buffer.from([
      '{"type":"welcome","version":1,"nick":"u001"}',
      '{"type":"message","id":1,"ts":1,"room":"#lobby","from":"u000","text":"0.1.ab"}',
      '{"type":"message","id":2,"ts":1,"room":"#lobby","from":"zed","text":"x"}',
      '{"type":"message","id":3,"ts":1,"room":"#lobby","from":"u000","text":"cd"}',
      '',
    ].join('\n'));
    const pieces: string[] = [];
    const others: string[] = [];
    const read = createNativeStreamReader(nicks, { piece: (_s, text) => pieces.push(text.toString()), other: (l) => others.push(l) });
    for (const chunk of cut(wire, at.filter((n) => n < wire.length))) read(chunk);
    expect(pieces).toEqual(['0.1.ab', 'cd']);
    expect(others).toHaveLength(2);
  });
});
