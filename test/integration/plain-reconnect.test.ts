import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { joined, killAll, startServer, type Child, type ServerProcess } from '../helpers/processes.js';

/**
 * [PLAIN-RECONNECT] A script pipes numbered lines into `rxchat join --plain` while the real server
 * is restarted under it; another plain client reads. Each sees every line exactly once.
 */
const WAIT = 20_000;
const SERVER_FLAGS = ['--flood-burst', '20', '--flood-rate', '100'];

afterEach(async () => {
  await killAll();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as AddressInfo).port)));
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The numbers the reader printed as `bot: N`, in the order it printed them. */
const heard = (reader: Child) => reader.stdout.items.flatMap((l) => (/^bot: \d+$/.test(l) ? [Number(l.slice(5))] : []));

/**
 * Writes lines `from`..`to` to the sender, never more than `ahead` beyond what the reader has
 * printed: what a restart can leave unsaid is then within what the server replays.
 */
async function feed(sender: Child, reader: Child, from: number, to: number, ahead = 8): Promise<void> {
  for (let n = from; n <= to; n++) {
    if (n - ahead > 1) await reader.stdout.waitFor((l) => l === `bot: ${n - ahead}`, WAIT, `bot: ${n - ahead} at the reader`).catch((error: Error) => {
      throw new Error(`${error.message}\nreader stdout: ${reader.stdout.items.join(' | ')}\nreader stderr: ${reader.stderr.items.join(' | ')}\nsender stderr: ${sender.stderr.items.join(' | ')}`);
    });
    sender.line(String(n));
  }
}

describe('[PLAIN-RECONNECT] plain clients across server restarts', () => {
  test('SIGTERM and a new server on the same port: nothing lost, nothing twice, and the sender still leaves with 0', async () => {
    const port = await freePort();
    let server: ServerProcess = await startServer(SERVER_FLAGS, WAIT, port);
    const reader = await joined(port, 'ears');
    const sender = await joined(port, 'bot');
    await reader.stdout.waitFor((l) => l === '* bot joined', WAIT, 'bot joined');

    await feed(sender, reader, 1, 30);
    await reader.stdout.waitFor((l) => l === 'bot: 25', WAIT, 'bot: 25');
    server.process.kill('SIGTERM');
    expect(await server.exit(WAIT)).toEqual({ code: 0, signal: null });
    server = await startServer(SERVER_FLAGS, WAIT, port);
    await feed(sender, reader, 31, 60);
    await reader.stdout.waitFor((l) => l === 'bot: 55', WAIT, 'bot: 55');
    server.process.kill('SIGTERM');
    await server.exit(WAIT);
    server = await startServer(SERVER_FLAGS, WAIT, port);
    await feed(sender, reader, 61, 90);
    sender.endInput();

    expect(await sender.exit(WAIT)).toEqual({ code: 0, signal: null });
    await reader.stdout.waitFor((l) => l === 'bot: 90', WAIT, 'bot: 90');
    expect(heard(reader)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    for (const client of [reader, sender]) {
      expect(client.stderr.items.filter((l) => l.startsWith('* reconnected as'))).toHaveLength(2);
      expect(client.stderr.items.filter((l) => l.startsWith('error') || l.startsWith('rxchat:'))).toEqual([]);
    }
  }, 60_000);
});
