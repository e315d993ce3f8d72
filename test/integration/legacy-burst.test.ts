import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAllClients, connectClient, type WireClient } from '../attack/helpers/wire-client.js';
import { startInProcess, type InProcessServer } from '../attack/helpers/in-process.js';
import { killAll, spawnChild, withTimeout } from '../helpers/processes.js';

/**
 * [LEGACY-STREAM] [LEGACY-PACE] The original Python client sends a burst back to back, under the
 * default flood limits: nothing is lost, nothing refused, and the sender stays.
 */
const CLIENT = fileURLToPath(new URL('../fixtures/original_client.py', import.meta.url));
const WAIT = 10_000;
const COUNT = 1_000;
/** 1,000 distinct messages of exactly 32 bytes, as the original client sends them: no newline. */
const MESSAGES = Array.from({ length: COUNT }, (_, i) => `m${String(i).padStart(4, '0')}:`.padEnd(32, String.fromCharCode(97 + (i % 26))));

let server: InProcessServer | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  closeAllClients();
  sockets.forEach((s) => s.destroy());
  await killAll();
  server?.stop();
});

/** A raw original-protocol member: registers as `nick` and keeps every byte it receives as text. */
async function rawLegacy(port: number, nick: string): Promise<{ text: () => string }> {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  socket.setEncoding('utf8');
  let text = '';
  socket.on('data', (data: string) => (text += data));
  socket.on('error', () => undefined);
  await withTimeout(new Promise<void>((resolve) => socket.once('connect', resolve)), WAIT, 'the legacy member to connect');
  socket.write(nick);
  await withTimeout(new Promise<void>((resolve) => socket.once('data', () => resolve())), WAIT, 'TRUE for the legacy member');
  return { text: () => text };
}

/** Until `done` holds, checking each time a frame arrives (at most `ms`). */
async function until(native: WireClient, done: () => boolean, what: string, ms: number): Promise<void> {
  await native.waitFor(() => done(), what, ms).catch(() => undefined);
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

describe('[LEGACY-STREAM] a burst from the original client', () => {
  test('1,000 messages of 32 bytes back to back: every byte reaches a native and an original member, in order; the sender is neither refused nor dropped', async () => {
    server = await startInProcess();
    const native = await connectClient(server.port);
    await native.hello('nat');
    const old = await rawLegacy(server.port, 'oldie');

    const py = spawnChild('python3', ['-u', CLIENT, '127.0.0.1', String(server.port)], { TERM: 'dumb' });
    await py.stdout.waitFor((l) => l.includes('Enter a nickname'), WAIT, 'the nickname prompt');
    py.line('pyburst');
    await native.waitFor((f) => f.type === 'joined' && f['nick'] === 'pyburst', 'pyburst joined', WAIT);
    // One write: the client's input() loop then sends the 1,000 messages as fast as it can.
    py.write(MESSAGES.map((m) => m + '\n').join(''));

    const sent = MESSAGES.join('');
    const fromNative = () => native.frames.flatMap((f) => (f.type === 'message' && f['from'] === 'pyburst' ? [f['text'] as string] : []));
    // Paced at the default [FLOOD] rule, the burst takes a few seconds: bounded here, never timed.
    await until(native, () => fromNative().join('').length >= sent.length, 'the whole burst on the native member', 40_000);
    expect(fromNative().join('')).toBe(sent);
    // A cut between two messages is a line break for the original member; its lines join to the same bytes.
    await withTimeout(
      (async () => { while (!old.text().includes(MESSAGES[COUNT - 1]!)) await new Promise((r) => setTimeout(r, 50)); })(),
      WAIT, 'the whole burst on the original member',
    );
    const lines = old.text().split('\n').filter((l) => l.startsWith('pyburst: ')).map((l) => l.slice('pyburst: '.length));
    expect(lines.join('')).toBe(sent);
    expect(lines).toEqual(fromNative());

    // The sender was never refused and is still a member.
    expect(py.stdout.items.some((l) => l.includes('error:'))).toBe(false);
    const registered = [...server.state().conns.values()].some((c) => c.nick === 'pyburst');
    expect(registered).toBe(true);
    native.send({ type: 'say', text: 'still there?' });
    await py.stdout.waitFor((l) => l.includes('nat: still there?'), WAIT, 'the sender to read a reply');
  }, 60_000);

  test('[LEGACY-PACE] 300 messages written one per event-loop turn (separate reads): all relayed in order, none refused, nobody dropped for flooding', async () => {
    server = await startInProcess();
    const native = await connectClient(server.port);
    await native.hello('nat');
    const sender = await connectClient(server.port);
    sender.write('trickle');
    await native.waitFor((f) => f.type === 'joined' && f['nick'] === 'trickle', 'trickle joined', WAIT);
    const sent = MESSAGES.slice(0, 300);
    for (const m of sent) {
      sender.write(m);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const got = () => native.frames.flatMap((f) => (f.type === 'message' && f['from'] === 'trickle' ? [f['text'] as string] : []));
    await until(native, () => got().join('').length >= sent.join('').length, 'all 300 messages', 40_000);
    expect(got().join('')).toBe(sent.join(''));
    expect(sender.lines.filter((l) => l.includes('error:'))).toEqual([]);
    expect(server.logCounts.get('connection refused') ?? 0).toBe(0);
    expect([...server.state().conns.values()].some((c) => c.nick === 'trickle')).toBe(true);
  }, 60_000);

  test('[FLOOD] a legacy sender that never stops is slowed to the flood rate, its socket backs up, and it is not dropped', async () => {
    server = await startInProcess({ floodBurst: 3, floodRate: 4 });
    const native = await connectClient(server.port);
    await native.hello('nat');
    const sender = await connectClient(server.port);
    sender.write('hose');
    await native.waitFor((f) => f.type === 'joined' && f['nick'] === 'hose', 'hose joined', WAIT);
    const started = Date.now();
    // Bounded: at most 64 MiB offered, stopping as soon as the kernel's buffers push back.
    const block = Buffer.alloc(64 * 1024, 'x');
    let offered = 0;
    while (offered < 1024 && sender.socket.write(block)) offered++;
    expect(offered).toBeLessThan(1024);
    await native.waitFor((f) => f.type === 'message' && f['from'] === 'hose', 'a first message', WAIT);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const relayed = native.frames.filter((f) => f.type === 'message' && f['from'] === 'hose').length;
    const elapsedSec = (Date.now() - started) / 1000;
    // An upper bound, whatever the machine's speed: the bucket's burst plus its refill so far.
    expect(relayed).toBeLessThanOrEqual(3 + 4 * elapsedSec + 1);
    expect(native.frames.filter((f) => f.type === 'message' && f['from'] === 'hose').every((f) => (f['text'] as string).length === 4000)).toBe(true);
    expect(sender.isClosed).toBe(false);
    expect([...server.state().conns.values()].some((c) => c.nick === 'hose')).toBe(true);
  }, 30_000);
});
