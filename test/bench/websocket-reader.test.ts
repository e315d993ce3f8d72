import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { wsTextFrames } from '../../src/ws-text-frames.js';
import { createWebSocketReader, wsClientFrame } from '../../bench/websocket-wire.js';

/** [BENCH-WS] The load generator's WebSocket reader, fed what the gateway sends, cut anywhere. */
const UPGRADE = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n';
const message = (s: number, seq: number) => `{"type":"message","id":${seq},"ts":1,"room":"#lobby","from":"u00${s}","text":"${s}.${seq}.${1000 + seq}"}`;

function run(chunks: readonly Buffer[]) {
  const messages: [number, number, number][] = [];
  const others: string[] = [];
  const pongs: string[] = [];
  const read = createWebSocketReader({ message: (...m) => messages.push(m), other: (line) => others.push(line.toString()) }, (p) => pongs.push(p.toString()));
  chunks.forEach(read);
  return { messages, others, pongs };
}

function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : points[i - 1], end));
}

describe('[BENCH-WS] createWebSocketReader', () => {
  test.prop([fc.integer({ min: 1, max: 60 }), fc.array(fc.nat(), { maxLength: 8 })])('any chunking reads every message, the other frames and the pings', (count, at) => {
    const frames = [...Array.from({ length: count }, (_, i) => message(i % 5, i)), '{"type":"pong","ref":"p"}', 'x'.repeat(300)].join('\n') + '\n';
    const ping = Buffer.from([0x89, 2, 0x68, 0x69]);
    const bytes = Buffer.concat([Buffer.from(UPGRADE), Buffer.from(wsTextFrames(Buffer.from(frames))), ping]);
    const { messages, others, pongs } = run(cut(bytes, at));
    expect(messages).toEqual(Array.from({ length: count }, (_, i) => [i % 5, i, 1000 + i]));
    expect(others).toEqual(['{"type":"pong","ref":"p"}', 'x'.repeat(300)]);
    expect(pongs).toEqual(['hi']);
  });

  test('a refused upgrade is handed over as its status line, and nothing after it is read', () => {
    const { messages, others } = run([Buffer.from('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')]);
    expect(others).toEqual(['HTTP/1.1 403 Forbidden']);
    expect(messages).toEqual([]);
  });

  test('a client frame is masked (with a zero key) and carries the bytes as they are', () => {
    expect([...wsClientFrame('hi')]).toEqual([0x81, 0x82, 0, 0, 0, 0, 0x68, 0x69]);
    expect([...wsClientFrame('x'.repeat(200)).subarray(0, 8)]).toEqual([0x81, 0x80 | 126, 0, 200, 0, 0, 0, 0]);
  });
});
