import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDeliveryLedger, type LedgerSummary } from './delivery-ledger.js';
import { createLatencyHistogram } from './latency-histogram.js';
import { nickOf, nowUs, openClient, type LoadClient, type LoadShared } from './load-client.js';
import { expectedDeliveries, type LoadPlan } from './load-plan.js';
import { closeAll, connectAll, drive, joinRooms } from './load-traffic.js';
import { freePort, startServer } from './server-process.js';
import type { Target } from './targets.js';

/** The figures of one run against one server. Latencies in ms, memory in bytes. */
export interface RunMetrics {
  readonly deliveriesPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly connectMs: number;
  readonly peakRss: number;
  /** Peak resident memory by the time every client had joined (before any traffic). */
  readonly peakRssConnected: number;
  /** Growth of resident memory while the clients connected, per client. */
  readonly rssPerConn: number;
  readonly cpuSeconds: number;
  /** The part of `cpuSeconds` spent while the clients connected and joined. */
  readonly connectCpuSeconds: number;
  /** CPU the load generator (this process) used in the same span: near 1 s per second, it is the limit. */
  readonly loadgenCpuSeconds: number;
  readonly ledger: LedgerSummary;
  /** [BENCH-STREAM] Bytes of the senders' streams delivered per second, and the pieces they came in. */
  readonly bytesPerSec?: number;
  readonly pieces?: number;
  /** Set when [BENCH-CAP] cut the sending short (still checked exactly for what was sent). */
  readonly capped?: string;
  /** Why the run did not complete, if it did not. */
  readonly problem?: string;
}

/**
 * Starts a fresh `target`, connects the plan's clients, runs its traffic, reads the server's
 * memory and CPU from /proc, and stops the server (by its PID) and every client, whatever happens.
 */
export async function runOnce(target: Target, plan: LoadPlan): Promise<RunMetrics> {
  const dir = target.dataDir ? mkdtempSync(join(tmpdir(), 'rxchat-bench-data-')) : undefined;
  const fixed = target.argsFor ? await freePort() : undefined;
  const web = target.web ? await freePort(fixed === undefined ? [] : [fixed]) : undefined;
  const args = (fixed === undefined ? target.args : target.argsFor!(fixed)).map((a) => (a === '{WEB}' ? String(web) : a));
  const server = await startServer(target.command, dir === undefined ? args : [...args, '--data', dir], 10_000, fixed).catch((error: unknown) => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const nickToSender = new Map(Array.from({ length: plan.senders }, (_, s) => [nickOf(s), s] as const));
  const shared: LoadShared = {
    port: server.port, protocol: plan.protocol, nickToSender, afterChunk: () => {}, lastReadUs: 0,
    ...(web === undefined ? {} : { web: { port: web, from: plan.senders } }),
    ledger: createDeliveryLedger(plan.clients + 1, plan.senders, expectedDeliveries(plan)),
    latency: createLatencyHistogram(),
  };
  let clients: (LoadClient | undefined)[] = [];
  try {
    await sleep(100); // let the server finish starting before its baseline is read
    const before = server.stats();
    const loadgenBefore = process.cpuUsage();
    const opened = await connectAll(plan, shared);
    clients = opened.clients;
    if (!plan.join) {
      // A registered client after the silent ones proves the server has accepted them all.
      clients.push(await openClient(plan.clients, shared, true, plan.timeoutMs));
    }
    if (plan.protocol === 'legacy') await sleep(200); // the original answers TRUE before it lists the client
    await joinRooms(plan, opened.clients);
    await settle(shared);
    const connected = server.stats();
    const traffic = await drive(plan, opened.clients, shared);
    const after = server.stats();
    const ms = (us: number) => us / 1000;
    return {
      deliveriesPerSec: traffic.deliveriesPerSec,
      p50: ms(shared.latency.quantile(0.5)),
      p99: ms(shared.latency.quantile(0.99)),
      p999: ms(shared.latency.quantile(0.999)),
      connectMs: opened.connectMs,
      peakRss: after.peakRss,
      peakRssConnected: connected.peakRss,
      rssPerConn: (connected.rss - before.rss) / plan.clients,
      cpuSeconds: after.cpuSeconds - before.cpuSeconds,
      connectCpuSeconds: connected.cpuSeconds - before.cpuSeconds,
      loadgenCpuSeconds: cpuSince(loadgenBefore),
      ledger: shared.ledger.summary(traffic.expected),
      ...(traffic.capped ? { capped: traffic.capped } : {}),
      ...(traffic.stopped ? { problem: traffic.stopped } : {}),
    };
  } finally {
    // Signal first, then hang up: rxchat's graceful shutdown says bye and waits for its clients to
    // leave, and a server told to stop does not announce every departure to everyone left.
    const stopped = server.stop();
    closeAll(clients);
    await stopped;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * [BENCH-SETTLE] Waits until no client has read anything for 200 ms (at most 15 s), so the
 * presence traffic of joining (every join is announced to every member) is not counted as the
 * latency of the messages that follow, and idle memory is read once the server is quiet.
 */
export async function settle(shared: LoadShared): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && nowUs() - shared.lastReadUs < 200_000) await sleep(50);
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
