import { connect } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, expect, test } from 'vitest';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';

/**
 * Churn: thousands of connections open, register, say a line and go (quit, close, reset, or
 * vanish mid-registration) against an in-process server. Afterwards the room state is empty,
 * the process holds as many handles as before, and the heap has not grown with the churn: no
 * listener, subscription, timer or buffer outlives its connection.
 */

const BATCH = 100;
const ROUND = 1_200;
const WARM_UP = 600;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let server: InProcessServer | undefined;
afterEach(() => {
  server?.stop();
  server = undefined;
});

type Ending = 'quit' | 'end' | 'reset' | 'early';
const ENDINGS: readonly Ending[] = ['quit', 'end', 'reset', 'early'];

/** One short-lived client; resolves once its socket has closed. Rejects after 10 s. */
function churnOne(port: number, index: number): Promise<void> {
  const ending = ENDINGS[index % ENDINGS.length]!;
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`churner ${index} (${ending}) hung`))), 10_000);
    socket.on('error', () => undefined);
    socket.once('close', () => (clearTimeout(timer), resolve()));
    let seen = '';
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes('"type":"error"')) return void (socket.destroy(), reject(new Error(`churner ${index}: ${seen}`)));
      if (!seen.includes('"type":"ack"')) return;
      seen = '';
      if (ending === 'quit') socket.write('{"type":"quit"}\n');
      else if (ending === 'end') socket.end();
      else if (ending === 'reset') socket.resetAndDestroy();
    });
    socket.once('connect', () => {
      const nick = `c${index.toString(36).padStart(3, '0')}`;
      if (ending === 'early') {
        socket.write(`{"type":"hello","version":1,"ni`); // vanishes in the middle of its hello
        setImmediate(() => socket.destroy());
      } else socket.write(`{"type":"hello","version":1,"nick":"${nick}"}\n{"type":"say","text":"hi from ${nick}","ref":"r"}\n`);
    });
  });
}

async function churn(port: number, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += BATCH) {
    await Promise.all(Array.from({ length: BATCH }, (_, i) => churnOne(port, start + i)));
  }
}

/** Active handles by kind (TCPSocketWrap, Timeout, ...). */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function settled(s: InProcessServer, baseline: Record<string, number>): Promise<void> {
  await expect.poll(() => s.state().conns.size, { timeout: 10_000, interval: 20 }).toBe(0);
  await expect.poll(() => handles()['TCPSocketWrap'] ?? 0, { timeout: 10_000, interval: 20 }).toBe(baseline['TCPSocketWrap'] ?? 0);
  // Close timers are 200 ms here; let the last of them run out.
  await expect.poll(() => (handles()['Timeout'] ?? 0) <= (baseline['Timeout'] ?? 0), { timeout: 10_000, interval: 50 }).toBe(true);
}

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

test(`${WARM_UP + 2 * ROUND} connections churn through; state, handles and heap come back`, async () => {
  server = await startInProcess({ floodRate: 0, maxPerAddress: 10_000, closeTimeoutMs: 200 }, false);
  const s = server;
  const baseline = handles();
  await churn(s.port, 0, WARM_UP); // warm-up: JIT, pools, lazily built modules
  await settled(s, baseline);
  const heapWarm = heapAfterGc();

  await churn(s.port, WARM_UP, ROUND);
  await settled(s, baseline);
  const heapOne = heapAfterGc();
  await churn(s.port, WARM_UP + ROUND, ROUND);
  await settled(s, baseline);
  const heapTwo = heapAfterGc();

  const state = s.state();
  expect(state.conns.size).toBe(0);
  expect(state.nicks.size).toBe(0);
  expect(state.perHost.size).toBe(0);
  expect([...state.rooms.keys()]).toEqual(['#lobby']);
  expect(state.rooms.get('#lobby')!.members.size).toBe(0);
  expect(handles()['TCPSocketWrap'] ?? 0).toBe(baseline['TCPSocketWrap'] ?? 0);
  expect(s.logCounts.get('connection opened')).toBe(WARM_UP + 2 * ROUND);
  expect(s.logCounts.get('connection closed')).toBe(WARM_UP + 2 * ROUND);
  expect(s.logCounts.get('member joined')).toBe(((WARM_UP + 2 * ROUND) * 3) / 4); // a quarter vanished mid-hello
  // A leak of 1 KB per connection would add 1.2 MB from one round to the next, 2.4 MB over both;
  // V8 settling after the warm-up moves the heap by a few hundred KB either way.
  if (process.env['CHURN_REPORT']) console.log({ heapWarm, heapOne, heapTwo, handles: handles(), baseline });
  expect(heapTwo - heapOne, `heap ${heapWarm} -> ${heapOne} -> ${heapTwo}`).toBeLessThan(1_000_000);
  expect(heapTwo - heapWarm, `heap ${heapWarm} -> ${heapOne} -> ${heapTwo}`).toBeLessThan(2_000_000);
}, 60_000);

test('unsubscribing the server closes every connection and leaves no handle behind', async () => {
  // The previous test's server may still be closing: start from none.
  await expect.poll(() => handles()['TCPServerWrap'] ?? 0, { timeout: 10_000, interval: 20 }).toBe(0);
  const baseline = handles();
  const s = await startInProcess({ floodRate: 0 }, false);
  const sockets = await Promise.all(Array.from({ length: 50 }, (_, i) => new Promise<import('node:net').Socket>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: s.port });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => reject(new Error(`client ${i}: no welcome`)), 10_000);
    socket.on('data', (chunk: Buffer) => {
      if (chunk.includes('"type":"welcome"')) (clearTimeout(timer), resolve(socket));
    });
    socket.once('connect', () => socket.write(`{"type":"hello","version":1,"nick":"t${String(i).padStart(3, '0')}"}\n`));
  })));
  const closed = Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))));
  s.stop();
  await closed;
  for (const kind of ['TCPSocketWrap', 'TCPServerWrap']) {
    await expect.poll(() => handles()[kind] ?? 0, { timeout: 10_000, interval: 20 }).toBe(baseline[kind] ?? 0);
  }
});
