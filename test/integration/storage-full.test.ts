import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src/protocol.js';
import { closeAllClients, NativeClient } from '../helpers/native-client.js';
import { killAll, startServer } from '../helpers/processes.js';
import { canMount, mountTinyFs, type TinyFs } from '../helpers/tiny-fs.js';

/**
 * [STORAGE-FAILED] A real full disk under the real program: a server whose data directory is on a
 * small tmpfs refuses the messages it cannot store (STORAGE_FAILED, never an ack, never delivered),
 * keeps serving, and takes messages again once there is room.
 */
const WAIT = 20_000;
const mounts: TinyFs[] = [];

afterEach(async () => {
  await closeAllClients();
  await killAll();
  for (const fs of mounts.splice(0)) fs.unmount();
});

describe('[STORAGE-FAILED] the disk fills up under a running server', () => {
  it.skipIf(!canMount())('messages it cannot store are refused, not acknowledged, not delivered; it goes on once there is room', async () => {
    const fs = mountTinyFs(4096);
    mounts.push(fs);
    const dir = join(fs.dir, 'data');
    const server = await startServer(['--data', dir, '--flood-rate', '0', '--max-text-length', '4000'], WAIT);
    const sender = await NativeClient.join(server.port, 'sender');
    const reader = await NativeClient.join(server.port, 'reader');
    // Leave the database little room: a ballast file takes most of what is left.
    writeFileSync(join(fs.dir, 'ballast'), Buffer.alloc(3 * 1024 * 1024));
    const text = 'x'.repeat(3_900);
    let refused: Extract<ServerFrame, { type: 'error' }> | undefined;
    for (let n = 0; n < 2_000 && refused === undefined; n++) {
      sender.send({ type: 'say', text: `${n} ${text}`, ref: `r${n}` });
      const answer = await sender.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.ref === `r${n}`, WAIT, `the answer to r${n}`);
      if (answer.type === 'error') refused = answer;
    }
    expect(refused).toMatchObject({ code: 'STORAGE_FAILED', fatal: false });
    const lost = Number(refused!.ref!.slice(1));
    const acked = sender.frames.items.filter((f) => f.type === 'ack').length;
    expect(acked).toBe(lost);
    // Still serving, and the refused message reached nobody.
    reader.send({ type: 'ping', ref: 'alive' });
    await reader.waitFor((f) => f.type === 'pong' && f.ref === 'alive', WAIT, 'a pong while the disk is full');
    expect(reader.frames.items.some((f) => f.type === 'message' && f.text.startsWith(`${lost} `))).toBe(false);
    await server.logs.waitFor((l) => /storage failed/.test(String(l['msg'])), WAIT, 'the storage failure logged');

    rmSync(join(fs.dir, 'ballast'));
    sender.send({ type: 'say', text: 'room again', ref: 'again' });
    await sender.waitFor((f) => f.type === 'ack' && f.ref === 'again', WAIT, 'an ack once there is room');
    await reader.waitFor((f) => f.type === 'message' && f.text === 'room again', WAIT, 'the message delivered');
  });
});
