/**
 * [BENCH-CLUSTER] One run of a traffic plan (scenario B, or a light fixed rate) against one cluster
 * shape: clients spread over the nodes round robin, every delivery checked by the ledger, and the
 * CPU each node and Redis spent while the traffic ran (from /proc, before and after).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createDeliveryLedger, type LedgerSummary } from '../delivery-ledger.js';
import { createLatencyHistogram } from '../latency-histogram.js';
import { nickOf, type LoadClient, type LoadShared } from '../load-client.js';
import { expectedDeliveries, type LoadPlan } from '../load-plan.js';
import { closeAll, connectAll, drive } from '../load-traffic.js';
import { settle } from '../run-once.js';
import { startCluster, type ClusterSetup, type NodeOptions } from './start-cluster.js';

/** The figures of one cluster run. Latencies in ms. */
export interface ClusterMetrics {
  readonly setup: string;
  readonly nodes: number;
  readonly deliveriesPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly connectMs: number;
  readonly delivered: number;
  /** CPU seconds each node spent while the traffic ran (connecting and joining not counted). */
  readonly nodeCpuSeconds: readonly number[];
  /** CPU seconds Redis spent in the same span (0 without Redis). */
  readonly redisCpuSeconds: number;
  /** Redis commands run while the traffic ran, by name (empty without Redis): how well turns batch. */
  readonly redisCalls: Readonly<Record<string, number>>;
  /** Write system calls each node made while the traffic ran: how many deliveries share one socket write. */
  readonly nodeWriteCalls: readonly number[];
  /** Messages the senders sent (the unit of `redisCalls`). */
  readonly messages: number;
  readonly ledger: LedgerSummary;
  readonly capped?: string;
  readonly problem?: string;
}

/** Starts `setup`, runs `plan` through it, stops every process it started (by PID), whatever happens. */
export async function runClusterOnce(setup: ClusterSetup, plan: LoadPlan, options: NodeOptions = {}): Promise<ClusterMetrics> {
  const cluster = await startCluster(setup, options);
  const shared: LoadShared = {
    port: cluster.ports[0]!, ports: cluster.ports, protocol: plan.protocol,
    nickToSender: new Map(Array.from({ length: plan.senders }, (_, s) => [nickOf(s), s] as const)),
    afterChunk: () => {}, lastReadUs: 0,
    ledger: createDeliveryLedger(plan.clients, plan.senders, expectedDeliveries(plan)),
    latency: createLatencyHistogram(),
  };
  let clients: LoadClient[] = [];
  try {
    await sleep(100);
    const opened = await connectAll(plan, shared);
    clients = opened.clients;
    await settle(shared);
    const callsBefore = await cluster.redis?.commandCalls() ?? {};
    const before = cluster.cpu();
    const writesBefore = cluster.writeCalls();
    const traffic = await drive(plan, clients, shared);
    const after = cluster.cpu();
    const writesAfter = cluster.writeCalls();
    const callsAfter = await cluster.redis?.commandCalls() ?? {};
    return {
      setup: setup.name,
      nodes: setup.nodes,
      deliveriesPerSec: traffic.deliveriesPerSec,
      p50: shared.latency.quantile(0.5) / 1000,
      p99: shared.latency.quantile(0.99) / 1000,
      connectMs: opened.connectMs,
      delivered: shared.ledger.delivered,
      nodeCpuSeconds: after.nodes.map((cpu, i) => cpu - before.nodes[i]!),
      redisCpuSeconds: after.redis - before.redis,
      nodeWriteCalls: writesAfter.map((n, i) => n - writesBefore[i]!),
      redisCalls: Object.fromEntries(Object.entries(callsAfter).map(([name, n]) => [name, n - (callsBefore[name] ?? 0)])),
      messages: traffic.expected / (plan.clients - 1), // one room: every message owes clients - 1 deliveries
      ledger: shared.ledger.summary(traffic.expected),
      ...(traffic.capped ? { capped: traffic.capped } : {}),
      ...(traffic.stopped ? { problem: traffic.stopped } : {}),
    };
  } finally {
    const stopped = cluster.stop();
    closeAll(clients);
    await stopped;
  }
}
