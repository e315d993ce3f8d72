import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ServerFrame } from '../../src/protocol.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { joined, killAll, startServer, type ServerProcess } from '../helpers/processes.js';

/** Misbehaving peers against the real server: each is dealt with alone, and the server stays up. */
const WAIT = 10_000;
const MAX_FRAME = 2048;
let server: ServerProcess;

beforeEach(async () => {
  server = await startServer([
    '--max-frame-bytes', String(MAX_FRAME), '--max-queued-bytes', '262144', '--drain-timeout', '300', '--flood-rate', '0',
  ]);
});

afterEach(async () => {
  await closeAllClients();
  await killAll();
});

const messagesFrom = (frames: readonly ServerFrame[], from: string) =>
  frames.filter((f): f is Extract<ServerFrame, { type: 'message' }> => f.type === 'message' && f.from === from).map((f) => f.text);

describe('misbehaving peers', () => {
  test('a client that drops mid-frame is announced as disconnected, and the server carries on', async () => {
    const reader = await NativeClient.join(server.port, 'reader');
    const dropper = await NativeClient.join(server.port, 'dropper');
    dropper.write('{"type":"say","text":"this frame never en');
    dropper.destroy();
    await reader.waitFor(is.left('dropper', 'disconnected'), WAIT, 'dropper left');
    expect(messagesFrom(reader.frames.items, 'dropper')).toEqual([]);

    const late = await NativeClient.join(server.port, 'late');
    late.send({ type: 'say', text: 'still here?' });
    await reader.waitFor(is.message('late', 'still here?'), WAIT, "late's message");
  });

  test('an oversized frame is refused with FRAME_TOO_LARGE and that connection alone is closed', async () => {
    const reader = await NativeClient.join(server.port, 'reader');
    const big = await NativeClient.join(server.port, 'big');
    big.write(JSON.stringify({ type: 'say', text: 'x'.repeat(MAX_FRAME) }) + '\n');
    const error = await big.waitFor(is.error('FRAME_TOO_LARGE'), WAIT, 'FRAME_TOO_LARGE');
    expect(error).toMatchObject({ fatal: true });
    await big.waitClosed(WAIT);
    await reader.waitFor(is.left('big', 'protocol-error'), WAIT, 'big left');
    expect(messagesFrom(reader.frames.items, 'big')).toEqual([]);
    reader.send({ type: 'ping', ref: 'alive' });
    await reader.waitFor((f) => f.type === 'pong' && f.ref === 'alive', WAIT, 'a pong');
  });

  test('[SLOW-BYTES] a client that never reads is dropped as slow-consumer, and the others still get everything, in order', async () => {
    const reader = await NativeClient.join(server.port, 'reader');
    const plain = await joined(server.port, 'plainrd');
    const stuck = await NativeClient.join(server.port, 'stuck');
    stuck.socket.pause(); // never reads again: the kernel buffers fill, then the server's queue
    const flooder = await NativeClient.join(server.port, 'flooder');
    await reader.waitFor(is.joined('flooder'), WAIT, 'flooder joined');

    const text = (i: number) => `m${i} ${'z'.repeat(1500)}`;
    const BATCH = 100;
    let sent = 0;
    // Flood in bounded batches until the stuck client is dropped; each batch must reach the reader.
    for (let batch = 0; batch < 150 && !reader.frames.items.some(is.left('stuck')); batch++) {
      for (let i = 0; i < BATCH; i++) flooder.send({ type: 'say', text: text(sent++) });
      await reader.frames.waitForCount((f) => f.type === 'message' && f.from === 'flooder', sent, WAIT, 'flood messages');
    }
    await reader.waitFor(is.left('stuck', 'slow-consumer'), WAIT, 'stuck dropped as slow-consumer');
    for (let i = 0; i < 20; i++) flooder.send({ type: 'say', text: text(sent++) });

    await reader.frames.waitForCount((f) => f.type === 'message' && f.from === 'flooder', sent, WAIT, 'every flood message');
    expect(messagesFrom(reader.frames.items, 'flooder')).toEqual(Array.from({ length: sent }, (_, i) => text(i)));
    await plain.stdout.waitForCount((l) => l.startsWith('flooder: m'), sent, WAIT, 'flood lines on the plain client');
    expect(plain.stdout.items.filter((l) => l.startsWith('flooder: '))).toEqual(Array.from({ length: sent }, (_, i) => `flooder: ${text(i)}`));
    await plain.stdout.waitFor((l) => l === '* stuck disconnected', WAIT, 'stuck disconnected');
    await flooder.frames.waitForCount((f) => f.type === 'ack', sent, WAIT, 'an ack for every flood message');

    stuck.socket.resume();
    await stuck.waitClosed(WAIT);
    expect(server.logs.items.some((l) => JSON.stringify(l).includes('slow-consumer'))).toBe(true);
  }, 40_000);

  test('[SLOW-BYTES] a burst bigger than --max-queued-bytes in one turn does not drop readers that keep up', async () => {
    const tight = await startServer(['--max-queued-bytes', '65536', '--max-text-length', '15000']);
    const readers = await Promise.all(['rd1', 'rd2', 'rd3'].map((nick) => NativeClient.join(tight.port, nick)));
    const burst = await NativeClient.join(tight.port, 'burst');
    await readers[0]!.waitFor(is.joined('burst'), WAIT, 'burst joined');
    // Eight frames of 14 KB in one write (within the default flood burst): the server reads them
    // in one turn, 112 KB for every reader.
    const texts = Array.from({ length: 8 }, (_, i) => `b${i} ${'q'.repeat(14_000)}`);
    burst.write(texts.map((text) => JSON.stringify({ type: 'say', text }) + '\n').join(''));
    for (const reader of readers) {
      await reader.frames.waitForCount((f) => f.type === 'message' && f.from === 'burst', texts.length, WAIT, 'burst messages');
      expect(messagesFrom(reader.frames.items, 'burst')).toEqual(texts);
      expect(reader.frames.items.filter((f) => f.type === 'left' || f.type === 'error')).toEqual([]);
    }
  });
});
