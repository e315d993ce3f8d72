import type { RunMetrics } from './run-once.js';

/** Median, min and max of one figure over the runs. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One server's results in one scenario: every run, and the spread of each figure. */
export interface TargetSummary {
  readonly runs: readonly RunMetrics[];
  readonly errors: readonly string[];
  readonly skipped?: string;
  readonly spread?: Readonly<Record<SpreadKey, Spread>>;
  /** True when every run delivered everything exactly once and in order. */
  readonly exact: boolean;
  readonly lost: number;
  readonly duplicates: number;
}

export type SpreadKey = 'deliveriesPerSec' | 'p50' | 'p99' | 'p999' | 'connectMs' | 'peakRss' | 'rssPerConn' | 'cpuSeconds';
const KEYS: readonly SpreadKey[] = ['deliveriesPerSec', 'p50', 'p99', 'p999', 'connectMs', 'peakRss', 'rssPerConn', 'cpuSeconds'];

/** The median of the values (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Summarises the runs of one server in one scenario. */
export function summarise(runs: readonly RunMetrics[], errors: readonly string[], skipped?: string): TargetSummary {
  const exact = runs.length > 0 && errors.length === 0 && runs.every((r) =>
    r.problem === undefined && r.ledger.lost === 0 && r.ledger.duplicates === 0 && r.ledger.skips === 0);
  const lost = runs.reduce((n, r) => n + r.ledger.lost, 0);
  const duplicates = runs.reduce((n, r) => n + r.ledger.duplicates, 0);
  if (runs.length === 0) return { runs, errors, exact, lost, duplicates, ...(skipped ? { skipped } : {}) };
  const spread = {} as Record<SpreadKey, Spread>;
  for (const key of KEYS) {
    const values = runs.map((r) => r[key]).filter((v) => !Number.isNaN(v));
    spread[key] = { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  }
  return { runs, errors, spread, exact, lost, duplicates };
}
