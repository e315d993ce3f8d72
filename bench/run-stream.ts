/**
 * [BENCH-STREAM] Scenario (L): original-protocol senders that do not wait for their echo. Each
 * sender writes its packets back to back, one `write` each and no newline (as the original client
 * sends), and every other client, native or original-protocol, must receive that byte stream whole
 * and in order, however the server cut it ([LEGACY-STREAM]); the stream ledger checks it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nickOf, nowUs } from './load-client.js';
import type { LoadPlan } from './load-plan.js';
import type { RunMetrics } from './run-once.js';
import { startServer, type ServerProcess } from './server-process.js';
import { createStreamLedger, streamPackets, type StreamLedger } from './stream-ledger.js';
import { createLegacyStreamReader, createNativeStreamReader } from './stream-readers.js';
import type { Target } from './targets.js';

/** Client `index` speaks the original protocol: every sender, and every other receiver. */
export const isLegacyClient = (plan: LoadPlan, index: number): boolean => index < plan.senders || index % 2 === 1;

interface Run {
  readonly ledger: StreamLedger;
  readonly nickToSender: ReadonlyMap<string, number>;
  lastReadUs: number;
  onRead(): void;
}

/** Opens client `index` and resolves once it is registered (`welcome` or `TRUE`); rejects after `ms`. */
function openStreamClient(port: number, index: number, legacy: boolean, run: Run, ms: number): Promise<Socket> {
  const nick = nickOf(index);
  return new Promise<Socket>((resolve, reject) => {
    let ready = false;
    const socket = connect({ host: '127.0.0.1', port });
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (!ready) reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`${nick}: not registered within ${ms} ms`)), ms);
    const handlers = {
      piece: (sender: number, text: Buffer) => run.ledger.record(index, sender, text),
      other(line: string) {
        if (ready) return;
        if (line === 'FALSE' || line.startsWith('{"type":"error"')) fail(new Error(`${nick}: ${line}`));
        else if (line === 'TRUE' || line.startsWith('{"type":"welcome"')) {
          ready = true;
          clearTimeout(timer);
          resolve(socket);
        }
      },
    };
    const read = legacy ? createLegacyStreamReader(run.nickToSender, handlers) : createNativeStreamReader(run.nickToSender, handlers);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      run.lastReadUs = nowUs();
      read(chunk);
      run.onRead();
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error(`${nick}: connection closed by the server`)));
    socket.once('connect', () => socket.write(legacy ? nick : `{"type":"hello","version":1,"nick":"${nick}"}\n`));
  });
}

async function connectStreamClients(plan: LoadPlan, port: number, run: Run, sockets: Socket[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.clients) {
      const index = next++;
      sockets[index] = await openStreamClient(port, index, isLegacyClient(plan, index), run, plan.timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.connectConcurrency, plan.clients) }, worker));
  return performance.now() - started;
}

/**
 * Writes every packet of every sender back to back, then resolves once the ledger has matched
 * `expected` bytes in all (every byte of this burst and the earlier ones), or on timeout or stall.
 */
function burst(plan: LoadPlan, sockets: readonly Socket[], run: Run, packets: readonly Buffer[][], expected: number): Promise<{ elapsedMs: number; problem?: string }> {
  return new Promise((resolve) => {
    const started = nowUs();
    let lastMatched = -1;
    let stalled = 0;
    const finish = (problem?: string) => {
      clearInterval(watchdog);
      run.onRead = () => {};
      resolve({ elapsedMs: (nowUs() - started) / 1000, ...(problem ? { problem } : {}) });
    };
    run.onRead = () => {
      if (run.ledger.matched >= expected) finish();
    };
    // Bounded: gives up at the plan's timeout, or after 10 s without a single matched byte.
    const watchdog = setInterval(() => {
      if (nowUs() - started > plan.timeoutMs * 1000) return finish(`timed out after ${plan.timeoutMs} ms`);
      stalled = run.ledger.matched === lastMatched ? stalled + 1 : 0;
      lastMatched = run.ledger.matched;
      if (stalled >= 20) finish('stalled: nothing delivered for 10 s');
    }, 500);
    // One write per packet, as the original client's send() per input line; the socket buffers the rest.
    for (let s = 0; s < plan.senders; s++) for (const packet of packets[s]!) sockets[s]!.write(packet);
  });
}

/**
 * [BENCH-STREAM] `rounds` bursts of the plan, one after the other, each sent once the previous one
 * has fully arrived; the time is the sum of the bursts' (a single burst lasts a few hundred ms on
 * loopback, too short to be timed steadily on a shared machine), the streams go on across them.
 */
async function bursts(plan: LoadPlan, sockets: readonly Socket[], run: Run, packets: readonly Buffer[][], rounds: number): Promise<{ elapsedMs: number; problem?: string }> {
  const perRound = run.ledger.summary().expected / rounds;
  let elapsedMs = 0;
  for (let r = 0; r < rounds; r++) {
    const round = packets.map((p) => p.slice(r * plan.messages, (r + 1) * plan.messages));
    const result = await burst(plan, sockets, run, round, perRound * (r + 1));
    elapsedMs += result.elapsedMs;
    if (result.problem) return { elapsedMs, problem: `round ${r + 1}: ${result.problem}` };
  }
  return { elapsedMs };
}

/** One run of scenario (L) against `target`: a fresh server, stopped by its PID whatever happens. */
export async function runStreamOnce(target: Target, plan: LoadPlan, packetBytes: number, rounds = 1): Promise<RunMetrics> {
  const dir = target.dataDir ? mkdtempSync(join(tmpdir(), 'rxchat-bench-data-')) : undefined;
  let server: ServerProcess | undefined;
  const sockets: Socket[] = [];
  try {
    server = await startServer(target.command, dir === undefined ? target.args : [...target.args, '--data', dir], 10_000);
    const packets = Array.from({ length: plan.senders }, (_, s) => streamPackets(s, plan.messages * rounds, packetBytes));
    const ledger = createStreamLedger(plan.clients, packets.map((p) => Buffer.concat(p)), plan.clients - 1);
    const run: Run = { ledger, nickToSender: new Map(packets.map((_, s) => [nickOf(s), s] as const)), lastReadUs: 0, onRead: () => {} };
    await sleep(100);
    const before = server.stats();
    const loadgen = process.cpuUsage();
    const connectMs = await connectStreamClients(plan, server.port, run, sockets);
    await sleep(200); // the original answers TRUE before it lists the client
    const deadline = Date.now() + 15_000; // [BENCH-SETTLE]
    while (Date.now() < deadline && nowUs() - run.lastReadUs < 200_000) await sleep(50);
    const connected = server.stats();
    const traffic = await bursts(plan, sockets, run, packets, rounds);
    const after = server.stats();
    const used = process.cpuUsage(loadgen);
    const seconds = traffic.elapsedMs / 1000;
    return {
      deliveriesPerSec: ledger.matched / packetBytes / seconds, bytesPerSec: ledger.matched / seconds, pieces: ledger.pieces,
      p50: NaN, p99: NaN, p999: NaN, connectMs,
      peakRss: after.peakRss, peakRssConnected: connected.peakRss, rssPerConn: (connected.rss - before.rss) / plan.clients,
      cpuSeconds: after.cpuSeconds - before.cpuSeconds, connectCpuSeconds: connected.cpuSeconds - before.cpuSeconds,
      loadgenCpuSeconds: (used.user + used.system) / 1e6, ledger: ledger.summary(),
      ...(traffic.problem ? { problem: traffic.problem } : {}),
    };
  } finally {
    const stopped = server?.stop();
    for (const socket of sockets) socket?.destroy();
    await stopped;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}
