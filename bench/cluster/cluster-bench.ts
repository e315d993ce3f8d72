/**
 * [BENCH-CLUSTER] The cluster part of `npm run bench` (issue 10): scenario (B) and a light fixed
 * rate over one node in memory, one node on Redis, and 2 and 3 nodes on one Redis (clients spread
 * round robin), then a connect storm of 1,000 over 2 nodes beside one node. Setups are interleaved
 * run by run, as elsewhere in the bench; every process is started here and stopped by its PID.
 */
import type { LoadPlan } from '../load-plan.js';
import type { Scenario } from '../scenarios.js';
import { stormOn, type StormMetrics, type StormPlan } from '../storm-run.js';
import type { StormClient } from '../storm-clients.js';
import { runClusterOnce, type ClusterMetrics } from './cluster-run.js';
import { CLUSTER_SETUPS, startCluster, type ClusterSetup, type NodeOptions } from './start-cluster.js';

export interface ClusterTrafficResult {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly { readonly setup: string; readonly nodes: number; readonly runs: readonly ClusterMetrics[]; readonly errors: readonly string[] }[];
}

export interface ClusterStormResult {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly { readonly setup: string; readonly nodes: number; readonly runs: readonly StormMetrics[] }[];
}

export interface ClusterReport {
  readonly traffic: readonly ClusterTrafficResult[];
  readonly storms: readonly ClusterStormResult[];
}

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly scenarios: readonly Scenario[];
  readonly nodeFlags: readonly string[];
  /** Another build's `dist/cli/main.js` (--rxchat-main), to compare versions. */
  readonly main?: string;
  readonly progress: (text: string) => void;
}

/** The traffic plans: (B) as the other servers run it, and a light fixed rate for the Redis hop's own latency. */
function trafficPlans(quick: boolean, scenarios: readonly Scenario[]): { id: string; title: string; plan: LoadPlan; setups: readonly ClusterSetup[] }[] {
  const b = scenarios.find((s) => s.id === 'B')!;
  const light: LoadPlan = { ...b.plan, protocol: 'native', messages: quick ? 40 : 120, traffic: { kind: 'rate', perSecond: 200 } };
  return [
    { id: 'CB', title: `(CB) cluster: ${b.title.replace(/^\(B\) /, '')}, clients round robin over the nodes`, plan: { ...b.plan, protocol: 'native' }, setups: CLUSTER_SETUPS },
    { id: 'Cf', title: `(Cf) cluster, light fixed rate: 500 clients, 200 messages/s (~0.1 M deliveries/s) for ${light.messages * 5 / 200} s`, plan: light,
      setups: CLUSTER_SETUPS.filter((s) => s.nodes <= 2) },
  ];
}

/** Runs the cluster scenarios (`only` filters by id: CB, Cf, cs8, csall; `cluster` for all). */
export async function runClusterBench(options: Options, only: readonly string[] | undefined): Promise<ClusterReport> {
  const wanted = (id: string) => !only || only.includes('cluster') || only.includes(id);
  const traffic: ClusterTrafficResult[] = [];
  for (const { id, title, plan, setups } of trafficPlans(options.quick, options.scenarios).filter((p) => wanted(p.id))) {
    const rows = setups.map((s) => ({ setup: s.name, nodes: s.nodes, runs: [] as ClusterMetrics[], errors: [] as string[] }));
    for (let run = 1; run <= options.runs; run++) {
      for (const [i, setup] of setups.entries()) {
        const label = `${id} run ${run}/${options.runs} ${setup.name.padEnd(8)}`;
        try {
          const m = await runClusterOnce(setup, plan, nodeOptions(options));
          rows[i]!.runs.push(m);
          options.progress(`${label} ${(m.deliveriesPerSec / 1e6).toFixed(3)} M/s p50 ${m.p50.toFixed(1)} ms p99 ${m.p99.toFixed(1)} ms ` +
            `cpu nodes ${m.nodeCpuSeconds.map((c) => c.toFixed(2)).join('+')} s redis ${m.redisCpuSeconds.toFixed(2)} s ` +
            `deliveries per write ${m.nodeWriteCalls.map((n) => (m.delivered / m.nodes / n).toFixed(1)).join('/')} ` +
            `redis calls per message ${Object.entries(m.redisCalls).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${(n / m.messages).toFixed(2)}`).join(', ')}` +
            `${m.ledger.lost || m.ledger.duplicates || m.ledger.skips ? ` LOST ${m.ledger.lost} DUP ${m.ledger.duplicates} SKIP ${m.ledger.skips}` : ''}${m.capped ? ' ' + m.capped : ''}${m.problem ? ' ' + m.problem : ''}`);
        } catch (error) {
          rows[i]!.errors.push(error instanceof Error ? error.message : String(error));
          options.progress(`${label} FAILED: ${rows[i]!.errors.at(-1)!.slice(0, 200)}`);
        }
      }
    }
    traffic.push({ id, title, rows });
  }
  return { traffic, storms: await runClusterStorms(options, wanted) };
}

/** [BENCH-STORM] over a cluster: 1,000 native clients registering 8 at a time and all at once, on 1 node and spread over 2. */
async function runClusterStorms(options: Options, wanted: (id: string) => boolean): Promise<ClusterStormResult[]> {
  const clients = options.quick ? 300 : 1000;
  const setups = CLUSTER_SETUPS.filter((s) => s.nodes <= 2);
  const results: ClusterStormResult[] = [];
  for (const concurrency of [8, clients]) {
    const id = concurrency === 8 ? 'cs8' : 'csall';
    if (!wanted(id)) continue;
    const plan: StormPlan = { clients, concurrency, protocol: 'native', expect: 'members', timeoutMs: 120_000 };
    const rows = setups.map((s) => ({ setup: s.name, nodes: s.nodes, runs: [] as StormMetrics[] }));
    for (let run = 1; run <= options.runs; run++) {
      for (const [i, setup] of setups.entries()) {
        const m = await stormOnCluster(setup, plan, nodeOptions(options)).catch((error: Error): StormMetrics =>
          ({ registeredMs: NaN, settledMs: NaN, serverCpuSeconds: NaN, loadgenCpuSeconds: NaN, check: `FAILED: ${error.message}` }));
        rows[i]!.runs.push(m);
        options.progress(`${id} run ${run}/${options.runs} ${setup.name.padEnd(8)} registered ${m.registeredMs.toFixed(0)} ms, views ${m.settledMs.toFixed(0)} ms, ` +
          `cpu ${m.serverCpuSeconds.toFixed(2)} s, ${m.check}`);
      }
    }
    results.push({ id, title: `(${id}) cluster storm: ${clients} clients registering ${concurrency === 8 ? '8 at a time' : 'all at once'}, round robin over the nodes`, rows });
  }
  return results;
}

/** One storm on a fresh cluster; its CPU is every node's plus Redis's. */
async function stormOnCluster(setup: ClusterSetup, plan: StormPlan, node: NodeOptions): Promise<StormMetrics> {
  // The default presence limit, as the `rxchat` row of the other storms: native member lists stay exact past it.
  const cluster = await startCluster(setup, node);
  const clients: StormClient[] = [];
  try {
    const cpu = () => {
      const now = cluster.cpu();
      return now.nodes.reduce((a, b) => a + b, 0) + now.redis;
    };
    return await stormOn(cluster.ports, cpu, plan, clients);
  } finally {
    await cluster.stop();
    for (const client of clients) client.socket.destroy();
  }
}

function nodeOptions(options: Options): NodeOptions {
  return { nodeFlags: options.nodeFlags, ...(options.main ? { main: options.main } : {}) };
}
