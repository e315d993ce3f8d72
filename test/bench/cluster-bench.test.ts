import { describe, expect, it } from 'vitest';
import { runClusterOnce, type ClusterMetrics } from '../../bench/cluster/cluster-run.js';
import { startCluster } from '../../bench/cluster/start-cluster.js';
import { formatClusterTables } from '../../bench/format-table.js';
import type { LoadPlan } from '../../bench/load-plan.js';
import type { StormClient } from '../../bench/storm-clients.js';
import { stormOn } from '../../bench/storm-run.js';
import { MAIN } from '../helpers/processes.js';

/** (B) in small: 12 clients round robin over 2 real nodes on a real Redis, 3 unpaced senders x 50. */
const plan: LoadPlan = {
  protocol: 'native', clients: 12, senders: 3, messages: 50, rooms: 1, join: true, connectConcurrency: 12,
  timeoutMs: 30_000, traffic: { kind: 'window', window: 16 },
};

describe('[BENCH-CLUSTER] the cluster bench on real nodes and a real redis-server (loopback)', () => {
  it('delivers every message once and in order across 2 nodes, and counts each node and Redis', async () => {
    const m = await runClusterOnce({ name: 'redis-2', nodes: 2, redis: true }, plan, { main: MAIN });
    const deliveries = 3 * 50 * 11;
    expect(m.problem).toBeUndefined();
    expect(m.ledger).toEqual({ expected: deliveries, delivered: deliveries, duplicates: 0, skips: 0, lost: 0 });
    expect(m.nodeCpuSeconds).toHaveLength(2);
    expect(m.nodeWriteCalls.every((n) => n > 0)).toBe(true);
    // Every chat line is one entry of the shared log: one XADD each, whatever the batching.
    expect(m.messages).toBe(150);
    expect(m.redisCalls['xadd']).toBeGreaterThanOrEqual(150);
  }, 60_000);

  it('runs a registration storm round robin over 2 nodes until every member list is whole', async () => {
    const cluster = await startCluster({ name: 'redis-2', nodes: 2, redis: true }, { main: MAIN });
    const clients: StormClient[] = [];
    try {
      const cpu = () => cluster.cpu().nodes.reduce((a, b) => a + b, 0);
      const m = await stormOn(cluster.ports, cpu, { clients: 40, concurrency: 40, protocol: 'native', expect: 'members', timeoutMs: 30_000 }, clients);
      expect(m.check).toBe('ok');
      expect(new Set(clients.map((c) => c.socket.remotePort)).size).toBe(2);
    } finally {
      await cluster.stop();
      for (const client of clients) client.socket.destroy();
    }
  }, 60_000);

  it('states CPU per delivery of 2 nodes against 1 from the medians', () => {
    const run = (setup: string, cpu: number[], redis: number): ClusterMetrics => ({
      setup, nodes: cpu.length, deliveriesPerSec: 1e6, p50: 1, p99: 2, connectMs: 10, delivered: 1_000_000,
      nodeCpuSeconds: cpu, redisCpuSeconds: redis, redisCalls: { xadd: 2000 }, nodeWriteCalls: cpu.map(() => 1000), messages: 2000,
      ledger: { expected: 1_000_000, delivered: 1_000_000, duplicates: 0, skips: 0, lost: 0 },
    });
    const text = formatClusterTables({
      traffic: [{ id: 'CB', title: 'CB', rows: [
        { setup: 'memory', nodes: 1, runs: [run('memory', [0.2], 0)], errors: [] },
        { setup: 'redis-1', nodes: 1, runs: [run('redis-1', [0.25], 0.01)], errors: [] },
        { setup: 'redis-2', nodes: 2, runs: [run('redis-2', [0.15, 0.15], 0.02)], errors: [] },
      ] }],
      storms: [],
    });
    expect(text).toContain('2 nodes vs 1 node on Redis (target <= 1.2x): 1.20x (nodes only), 1.23x (with Redis)');
    expect(text).toContain('2 nodes vs 1 node in memory: 1.50x (nodes only), 1.60x (with Redis)');
    expect(text).toContain('| redis-2 | 2 | 1.000 | 1.0 | 2.0 | 0.15 / 0.15 | 0.30 | 0.02 | 0.32 | 500.0 | 1.00 | exact |');
  });
});
