import type { ClusterReport, ClusterTrafficResult } from './cluster/cluster-bench.js';
import type { Scenario } from './scenarios.js';
import { median, type Spread, type SpreadKey, type TargetSummary } from './summary-stats.js';

const MB = 1024 * 1024;

function fmt(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '-';
  return value.toFixed(digits);
}

function cell(spread: Spread | undefined, scale: number, digits: number): string {
  if (!spread || !Number.isFinite(spread.median)) return '-';
  const v = (x: number) => fmt(x / scale, digits);
  return `${v(spread.median)} (${v(spread.min)}-${v(spread.max)})`;
}

/** The figure a scenario is judged by, and whether bigger is better. */
function headlineOf(scenario: Scenario): { key: SpreadKey; higherIsBetter: boolean } {
  switch (scenario.headline) {
    case 'throughput': return { key: 'deliveriesPerSec', higherIsBetter: true };
    case 'connect': return { key: 'connectMs', higherIsBetter: false };
    case 'memory': return { key: 'rssPerConn', higherIsBetter: false };
    case 'latency': return { key: 'p99', higherIsBetter: false };
  }
}

/** `rxchat / baseline` of the headline figure, as `1.23x`. */
function ratio(row: TargetSummary, base: TargetSummary | undefined, key: SpreadKey): string {
  const a = row.spread?.[key].median;
  const b = base?.spread?.[key].median;
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '-';
  return `${(a / b).toFixed(2)}x`;
}

/**
 * A Markdown table for one scenario: a row per server, each figure as `median (min-max)` over
 * the runs, the headline figure as a ratio to each Node baseline, and a row per baseline with
 * every figure of rxchat as a ratio to it.
 */
export function formatScenarioTable(scenario: Scenario, results: ReadonlyMap<string, TargetSummary>): string {
  const { key } = headlineOf(scenario);
  const idle = scenario.plan.traffic.kind === 'idle';
  const lines = [
    `### ${scenario.title}`,
    '',
    `| server | deliveries/s (M) | ${key} vs plain | ${key} vs batched | p50 ms | p99 ms | p99.9 ms | connect+join ms | peak RSS MB | RSS/conn KiB | CPU s | check |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, row] of results) {
    if (row.skipped || !row.spread) {
      lines.push(`| ${name} | ${row.skipped ?? 'failed: ' + (row.errors[0] ?? '?')} |||||||||||`);
      continue;
    }
    const s = row.spread;
    const cappedRuns = row.runs.filter((r) => r.capped).length;
    const check = (row.exact ? 'exact' : `lost ${row.lost}, dup ${row.duplicates}${row.errors.length ? `, ${row.errors.length} failed` : ''}${row.runs.some((r) => r.problem) ? ', incomplete' : ''}`) +
      (cappedRuns ? ` (${cappedRuns} run(s) capped at 10 s of sending)` : '');
    lines.push(`| ${name} | ${idle ? '-' : cell(s.deliveriesPerSec, 1e6, 3)} | ${ratio(row, results.get('plain'), key)} | ${ratio(row, results.get('batched'), key)} | ` +
      `${idle ? '-' : cell(s.p50, 1, 1)} | ${idle ? '-' : cell(s.p99, 1, 1)} | ${idle ? '-' : cell(s.p999, 1, 1)} | ${cell(s.connectMs, 1, 0)} | ` +
      `${cell(s.peakRss, MB, 0)} | ${cell(s.rssPerConn, 1024, 1)} | ${cell(s.cpuSeconds, 1, 2)} | ${check} |`);
  }
  const rxchat = results.get('rxchat');
  for (const base of ['plain', 'batched', 'python']) {
    const other = results.get(base);
    if (rxchat?.spread && other?.spread) lines.push(ratioRow(rxchat, other, base, idle));
  }
  // [EVENT-LOG] What the durable log costs: the SQLite server against the same server in memory.
  const durable = results.get('rxchat-sqlite');
  if (durable?.spread && rxchat?.spread) lines.push(ratioRow(durable, rxchat, 'rxchat in memory', idle, 'rxchat-sqlite'));
  // [BENCH-IRC] rxchat's IRC port against ngircd, and against rxchat's own native protocol.
  const irc = results.get('rxchat-irc');
  for (const base of ['ngircd', 'rxchat'] as const) {
    const other = results.get(base);
    if (irc?.spread && other?.spread) lines.push(ratioRow(irc, other, base, idle, 'rxchat-irc'));
  }
  // [BENCH-WS] The receivers on WebSocket against the same scenario on native TCP.
  const web = results.get('rxchat-ws');
  if (web?.spread && rxchat?.spread) lines.push(ratioRow(web, rxchat, 'rxchat', idle, 'rxchat-ws'));
  return [...lines, ...streamNote(results)].join('\n');
}

/**
 * [BENCH-STREAM] (L) counts deliveries as 32-byte packets' worth of bytes; this adds the bytes per
 * second and the pieces the servers cut the streams into (medians), which the table has no column for.
 */
function streamNote(results: ReadonlyMap<string, TargetSummary>): string[] {
  const figures = [...results].filter(([, row]) => row.runs.some((r) => r.bytesPerSec !== undefined)).map(([name, row]) => {
    const bytes = median(row.runs.map((r) => r.bytesPerSec ?? NaN));
    const pieces = median(row.runs.map((r) => r.pieces ?? NaN));
    const lost = row.runs.reduce((n, r) => n + r.ledger.lost, 0);
    return `${name} ${fmt(bytes / 1e6, 1)} MB/s in ${fmt(pieces, 0)} pieces (lost ${lost} B, dup ${row.duplicates} B)`;
  });
  return figures.length ? ['', `Bytes delivered per second (median) and pieces received: ${figures.join('; ')}.`] : [];
}

/** Every figure of rxchat as a ratio of the same figure of `base` (medians). */
function ratioRow(rxchat: TargetSummary, base: TargetSummary, name: string, idle: boolean, label = 'rxchat'): string {
  const r = (key: SpreadKey) => ratio(rxchat, base, key);
  const traffic = (key: SpreadKey) => (idle ? '-' : r(key));
  return `| *${label} / ${name}* | ${traffic('deliveriesPerSec')} | | | ${traffic('p50')} | ${traffic('p99')} | ${traffic('p999')} | ` +
    `${r('connectMs')} | ${r('peakRss')} | ${r('rssPerConn')} | ${r('cpuSeconds')} | |`;
}

/** The median of one figure over a row's runs, or NaN. */
const med = <T>(runs: readonly T[], of: (run: T) => number) => median(runs.map(of));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * [BENCH-CLUSTER] The cluster tables side by side: per setup, deliveries/s, latency, and CPU seconds
 * per million deliveries (each node, all nodes, Redis), then the issue's targets: server CPU per
 * delivery of 2 nodes against 1 (<= 1.2x), and the latency the Redis hop adds (1 node on Redis vs in memory).
 */
export function formatClusterTables(report: ClusterReport): string {
  const out: string[] = [];
  for (const scenario of report.traffic) {
    out.push(`### ${scenario.title}`, '', '| setup | nodes | deliveries/s (M) | p50 ms | p99 ms | CPU s / M deliveries, each node | all nodes | Redis | nodes + Redis | deliveries / write call | Redis commands / message | check |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|');
    const perM = new Map<string, { nodes: number; redis: number }>();
    for (const row of scenario.rows) {
      if (row.runs.length === 0) {
        out.push(`| ${row.setup} | ${row.nodes} | failed: ${row.errors[0] ?? '?'} |||||||||`);
        continue;
      }
      const each = Array.from({ length: row.nodes }, (_, i) => med(row.runs, (r) => (r.nodeCpuSeconds[i]! / r.delivered) * 1e6));
      const nodes = med(row.runs, (r) => (sum(r.nodeCpuSeconds) / r.delivered) * 1e6);
      const redis = med(row.runs, (r) => (r.redisCpuSeconds / r.delivered) * 1e6);
      perM.set(row.setup, { nodes, redis });
      const exact = row.errors.length === 0 && row.runs.every((r) => !r.problem && r.ledger.lost + r.ledger.duplicates + r.ledger.skips === 0);
      const capped = row.runs.filter((r) => r.capped).length;
      const calls = med(row.runs, (r) => sum(Object.values(r.redisCalls)) / r.messages);
      const perWrite = med(row.runs, (r) => r.delivered / sum(r.nodeWriteCalls));
      const check = (exact ? 'exact' : `lost ${sum(row.runs.map((r) => r.ledger.lost))}, dup ${sum(row.runs.map((r) => r.ledger.duplicates))}, ` +
        `skips ${sum(row.runs.map((r) => r.ledger.skips))}${row.errors.length ? `, ${row.errors.length} failed` : ''}`) + (capped ? ` (${capped} run(s) capped)` : '');
      out.push(`| ${row.setup} | ${row.nodes} | ${fmt(med(row.runs, (r) => r.deliveriesPerSec) / 1e6, 3)} | ${fmt(med(row.runs, (r) => r.p50), 1)} | ` +
        `${fmt(med(row.runs, (r) => r.p99), 1)} | ${each.map((c) => fmt(c, 2)).join(' / ')} | ${fmt(nodes, 2)} | ${redis ? fmt(redis, 2) : '-'} | ${fmt(nodes + redis, 2)} | ${fmt(perWrite, 1)} | ${calls ? fmt(calls, 2) : '-'} | ${check} |`);
    }
    out.push('', ...clusterTargets(scenario, perM), '');
  }
  for (const storm of report.storms) {
    out.push(`### ${storm.title}`, '', '| setup | nodes | registered ms | views right ms | CPU s (nodes + Redis) | check |', '|---|---|---|---|---|---|');
    for (const row of storm.rows) {
      const checks = [...new Set(row.runs.map((r) => r.check))].join('; ');
      out.push(`| ${row.setup} | ${row.nodes} | ${fmt(med(row.runs, (r) => r.registeredMs), 0)} | ${fmt(med(row.runs, (r) => r.settledMs), 0)} | ` +
        `${fmt(med(row.runs, (r) => r.serverCpuSeconds), 2)} | ${checks} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The ratios the issue asks for, in words under a traffic table. */
function clusterTargets(scenario: ClusterTrafficResult, perM: ReadonlyMap<string, { nodes: number; redis: number }>): string[] {
  const lines: string[] = [];
  const [memory, one, two] = ['memory', 'redis-1', 'redis-2'].map((name) => perM.get(name));
  const x = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '-');
  if (one && two) {
    lines.push(`- Server CPU per delivery, 2 nodes vs 1 node on Redis (target <= 1.2x): ${x(two.nodes, one.nodes)} (nodes only), ` +
      `${x(two.nodes + two.redis, one.nodes + one.redis)} (with Redis).`);
  }
  if (memory && two) lines.push(`- Server CPU per delivery, 2 nodes vs 1 node in memory: ${x(two.nodes, memory.nodes)} (nodes only), ${x(two.nodes + two.redis, memory.nodes)} (with Redis).`);
  const row = (name: string) => scenario.rows.find((r) => r.setup === name && r.runs.length > 0);
  const [bare, hop] = [row('memory'), row('redis-1')];
  if (bare && hop) {
    const d = (q: 'p50' | 'p99') => fmt(med(hop.runs, (r) => r[q]) - med(bare.runs, (r) => r[q]), 1);
    lines.push(`- The Redis hop adds ${d('p50')} ms at p50 and ${d('p99')} ms at p99 (1 node on Redis vs 1 node in memory).`);
  }
  return lines;
}
