import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import { MAIN_JS, spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient } from './helpers/wire-client.js';

/**
 * Server frames that list things (`welcome` and `room` list members, `rooms` lists rooms) grow
 * with the server: 1,400 members in `#lobby` make an 18 KiB `welcome`. `rxchat join` must still
 * work: its limit on server frames is not the 16 KiB limit on what clients send ([FRAME-MAX]).
 * (A crowd of 1,400 costs half a minute of `joined` broadcasts, so the test builds a long
 * `rooms` list instead: 400 rooms, about 22 KiB.)
 */

const ROOMS = 400;

let server: Served | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  closeAllClients();
  await server?.kill();
  server = undefined;
});

test(`rxchat join lists ${ROOMS} rooms (a 22 KiB frame) and keeps talking`, async () => {
  server = await spawnServer(['--flood-rate', '0', '--max-rooms-per-member', String(ROOMS + 1)]);
  const builder = await connectClient(server.port);
  await builder.hello('builder');
  const names = Array.from({ length: ROOMS }, (_, i) => `#room-with-a-long-${String(i).padStart(3, '0')}`);
  builder.write(names.map((room) => JSON.stringify({ type: 'join', room })).join('\n') + '\n');
  await builder.waitFor((f) => f.type === 'room' && f['room'] === names.at(-1), 'the last room', 10_000);

  child = spawn(process.execPath, [MAIN_JS, 'join', '--plain', '--nick', 'newbie', '--port', String(server.port)]);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
  await expect.poll(() => out, { timeout: 10_000, interval: 20 }).toContain('connected as newbie');
  child.stdin.write('/rooms\n');
  await expect.poll(() => out, { timeout: 10_000, interval: 20 }).toContain(`${names.at(-1)} (1)`);
  expect(out).not.toMatch(/over-long/);
  child.stdin.write('still talking\n');
  await builder.waitFor((f) => f.type === 'message' && f['from'] === 'newbie' && f['text'] === 'still talking', 'newbie heard');
});
