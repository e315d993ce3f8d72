import { afterEach, describe, expect, test } from 'vitest';
import { closeAllClients, NativeClient } from '../helpers/native-client.js';
import { killAll, startJoin, startServer } from '../helpers/processes.js';

const WAIT = 10_000;

afterEach(async () => {
  await closeAllClients();
  await killAll();
});

describe('graceful shutdown', () => {
  test('on SIGTERM every client gets bye, plain clients set out to reconnect [PLAIN-RECONNECT], and the server exits 0', async () => {
    const server = await startServer();
    const native = await NativeClient.join(server.port, 'native');
    const unregistered = await NativeClient.connect(server.port);
    unregistered.write('{"type":"ping","ref":"x"}\n');
    await unregistered.waitFor((f) => f.type === 'pong', WAIT, 'a pong before registering');
    // Told to try for 1 s only, so that it gives up (with 1 and the reason) while the server stays down.
    const plain = startJoin(server.port, 'plain', ['--reconnect-for', '1']);
    await plain.stderr.waitFor((l) => l.startsWith('* connected as plain'), WAIT, 'the welcome of plain');
    await native.waitFor((f) => f.type === 'joined' && f.nick === 'plain', WAIT, 'plain joined');

    server.process.kill('SIGTERM');
    expect(await native.waitFor((f) => f.type === 'bye', WAIT, 'bye')).toEqual({ type: 'bye', reason: 'server shutting down', code: 'shutdown' });
    await unregistered.waitFor((f) => f.type === 'bye', WAIT, 'bye for a connection without a nickname');
    await native.waitClosed(WAIT);
    await unregistered.waitClosed(WAIT);
    expect(await plain.exit(WAIT)).toEqual({ code: 1, signal: null });
    expect(plain.stderr.items).toContain('* server closed the connection: server shutting down; reconnecting');
    expect(plain.stderr.items.at(-1)).toMatch(/^rxchat: gave up reconnecting to 127\.0\.0\.1:\d+ after \d+ s offline \(connection refused/);
    // Nobody is announced as leaving: everyone is.
    expect(native.frames.items.filter((f) => f.type === 'left')).toEqual([]);
    expect(await server.exit(WAIT)).toEqual({ code: 0, signal: null });
    expect(server.logs.items.map((l) => l['msg'])).toEqual(expect.arrayContaining(['signal received: shutting down', 'stopped']));
  });
});
