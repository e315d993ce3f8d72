import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { joined, killAll, MAIN, startServer, type Child, type ServerProcess } from '../helpers/processes.js';

/**
 * [PLAIN-RECONNECT] A script pipes numbered lines into `rxchat join --plain` while the real server
 * is stopped and started again under it, on the same port; another plain client reads. Each line
 * reaches the reader exactly once, and the sender still leaves with 0.
 */
const WAIT = 20_000;
const LINES = 90;
const SERVER_FLAGS = ['--flood-burst', '20', '--flood-rate', '100'];
const dirs: string[] = [];

afterEach(async () => {
  await killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
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
 * printed: what a restart can leave unsaid is then within what the server replays on a rejoin.
 */
async function feed(sender: Child, reader: Child, from: number, to: number, ahead = 8): Promise<void> {
  for (let n = from; n <= to; n++) {
    if (n - ahead > 1) await reader.stdout.waitFor((l) => l === `bot: ${n - ahead}`, WAIT, `bot: ${n - ahead} at the reader`).catch((error: Error) => {
      throw new Error(`${error.message}\nreader stdout: ${reader.stdout.items.join(' | ')}\nreader stderr: ${reader.stderr.items.join(' | ')}\nsender stderr: ${sender.stderr.items.join(' | ')}`);
    });
    sender.line(String(n));
  }
}

/** Sends LINES lines while the server is stopped with each of `signals` in turn (and started again). */
async function acrossRestarts(flags: readonly string[], signals: readonly NodeJS.Signals[]): Promise<{ reader: Child; sender: Child }> {
  const port = await freePort();
  let server: ServerProcess = await startServer(flags, WAIT, port);
  const reader = await joined(port, 'ears');
  const sender = await joined(port, 'bot');
  await reader.stdout.waitFor((l) => l === '* bot joined', WAIT, 'bot joined');
  const stretch = Math.floor(LINES / (signals.length + 1));
  for (const [i, signal] of signals.entries()) {
    await feed(sender, reader, i * stretch + 1, (i + 1) * stretch);
    await reader.stdout.waitFor((l) => l === `bot: ${(i + 1) * stretch - 5}`, WAIT, 'the reader near the end of the stretch');
    server.process.kill(signal);
    await server.exit(WAIT);
    server = await startServer(flags, WAIT, port);
  }
  await feed(sender, reader, signals.length * stretch + 1, LINES);
  sender.endInput();
  expect(await sender.exit(WAIT)).toEqual({ code: 0, signal: null });
  await reader.stdout.waitFor((l) => l === `bot: ${LINES}`, WAIT, `bot: ${LINES}`);
  expect(heard(reader)).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
  for (const client of [reader, sender]) {
    expect(client.stderr.items.filter((l) => l.startsWith('* reconnected as'))).toHaveLength(signals.length);
    expect(client.stderr.items.filter((l) => l.startsWith('error') || l.startsWith('rxchat:'))).toEqual([]);
  }
  return { reader, sender };
}

describe('[PLAIN-RECONNECT] plain clients across server restarts', () => {
  test('a server in memory, stopped twice (SIGTERM): nothing lost, nothing twice, and the sender leaves with 0', async () => {
    const { reader } = await acrossRestarts(['--in-memory', ...SERVER_FLAGS], ['SIGTERM', 'SIGTERM']);
    // It forgot the sessions: fresh welcomes.
    expect(reader.stderr.items.filter((l) => l.startsWith('* reconnected as'))).toEqual(['* reconnected as ears', '* reconnected as ears']);
  }, 90_000);

  test('[RESUME-GRACE] [DEDUPE] a durable server stopped (SIGTERM) then killed (SIGKILL): sessions resumed silently, every line once in the reader and once in the archive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-plain-'));
    dirs.push(dir);
    const { reader, sender } = await acrossRestarts(['--data', dir, ...SERVER_FLAGS], ['SIGTERM', 'SIGKILL']);
    for (const client of [reader, sender]) {
      expect(client.stderr.items.filter((l) => l.startsWith('* reconnected as'))).toEqual(Array(2).fill(`* reconnected as ${client === reader ? 'ears' : 'bot'} (session resumed)`));
    }
    // Nobody saw the other leave or come back. The sender's quit is told at the end of its presence
    // window ([PRESENCE]), so it is waited for.
    await reader.stdout.waitFor((l) => l === '* bot disconnected', WAIT, 'bot disconnected');
    expect(reader.stdout.items.filter((l) => l.startsWith('* bot'))).toEqual(['* bot joined', '* bot disconnected']);
    const run = spawnSync(process.execPath, [MAIN, 'export', '--data', dir, '--room', '#lobby', '--format', 'ndjson'], { encoding: 'utf8', timeout: WAIT });
    expect(run.status, run.stderr).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: number; from: string; text: string });
    expect(rows.filter((r) => r.from === 'bot').map((r) => Number(r.text))).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
  }, 90_000);
});
