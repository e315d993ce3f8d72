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
