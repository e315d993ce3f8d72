/**
 * [BENCH-STORM] The registration storms of issue 13: 1,000, 2,000 and 5,000 clients registering 8 at a
 * time or all at once, native and original protocol, against rxchat (its default presence limit,
 * and `--presence-limit 1000000` so every join is announced: `rxchat-loud`), the bare broadcaster
 * (no join notices: the floor) and the batched one (announces every join to everyone: the fair
 * baseline). Runs are interleaved by server, as in the other scenarios.
 */
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRESENCE_LIMIT } from '../src/presence-frames.js';
import { median } from './summary-stats.js';
import { runStorm, type StormMetrics, type StormPlan, type StormTarget } from './storm-run.js';

export interface StormScenario {
  readonly id: string;
  readonly clients: number;
  readonly concurrency: number;
  /** [STORM-WARM-SERVER] Measured on a server that has just taken a storm of the same size. */
  readonly warm?: boolean;
}

export interface StormResult {
  readonly id: string;
  readonly protocol: 'native' | 'legacy';
  readonly target: string;
  readonly runs: readonly StormMetrics[];
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const OPEN_LIMITS = ['--max-connections', '100000', '--max-per-address', '100000', '--flood-rate', '0', '--handshake-timeout', '600000'];
const LOUD_LIMIT = 1_000_000;

/** The storm scenarios; `quick` keeps the small ones. */
export function createStorms(quick: boolean): StormScenario[] {
  const sizes = quick ? [300, 600] : [1000, 2000, 5000];
  return sizes.flatMap((clients) => [
    { id: `s8-${clients}`, clients, concurrency: 8 },
    { id: `sall-${clients}`, clients, concurrency: clients },
    { id: `w8-${clients}`, clients, concurrency: 8, warm: true },
  ]);
}

function stormTargets(rxchatMain: string | undefined, nodeFlags: readonly string[], beforeMain?: string): (StormTarget & { limit: number })[] {
  const main = rxchatMain ?? here('../cli/main.js');
  // As the other scenarios' rxchat: in memory ([EVENT-LOG] has its own scenario, R). `nodeFlags`
  // (--profile, --node-flag) go to rxchat alone, as in the other scenarios.
  const rxchat = [...nodeFlags, main, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0', '--log-level', 'info', ...OPEN_LIMITS, '--in-memory'];
  const broadcaster = here('./baselines/broadcaster.js');
  return [
    { name: 'rxchat', command: process.execPath, args: rxchat, limit: DEFAULT_PRESENCE_LIMIT },
    { name: 'rxchat-loud', command: process.execPath, args: [...rxchat, '--presence-limit', String(LOUD_LIMIT)], limit: LOUD_LIMIT },
    // Another build's rxchat, interleaved with this one's run by run (`--storm-before`): before and after a change.
    ...(beforeMain ? [{ name: 'rxchat-before', command: process.execPath, args: [...nodeFlags, beforeMain, ...rxchat.slice(nodeFlags.length + 1)], limit: DEFAULT_PRESENCE_LIMIT }] : []),
    { name: 'bare', command: process.execPath, args: [broadcaster, '--mode', 'bare'], limit: 0 },
    { name: 'batched', command: process.execPath, args: [broadcaster, '--mode', 'batched'], limit: LOUD_LIMIT },
  ];
}

function planFor(target: { name: string; limit: number }, scenario: StormScenario, protocol: 'native' | 'legacy'): StormPlan {
  const expect = target.name === 'bare' ? 'none'
    : protocol === 'native' ? 'members'
    : scenario.clients > target.limit ? 'no-lines' : 'lines';
  return { clients: scenario.clients, concurrency: scenario.concurrency, protocol, expect, limit: target.limit, timeoutMs: 120_000, ...(scenario.warm ? { warm: true } : {}) };
}

/** Runs the storms `runs` times each, interleaving servers; `progress` hears of every run. */
export async function runStorms(
  storms: readonly StormScenario[], runs: number, only: readonly string[] | undefined,
  rxchatMain: string | undefined, progress: (text: string) => void, nodeFlags: readonly string[] = [],
  protocols: readonly ('native' | 'legacy')[] = ['native', 'legacy'], beforeMain?: string,
): Promise<StormResult[]> {
  const targets = stormTargets(rxchatMain, nodeFlags, beforeMain).filter((t) => !only || only.includes(t.name));
  // [BENCH-STORM-CAP] The batched baseline tells every join to everyone (n² frames, each parsed
  // here): past 1,000 clients it takes minutes a run, so it is not run.
  // On a warm server ([STORM-WARM-SERVER]) it would run twice as long again: not run either.
  const runsFor = (target: { name: string }, scenario: StormScenario) => (target.name === 'batched' && (scenario.clients > 1000 || scenario.warm) ? 0 : runs);
  const results: StormResult[] = [];
  await warmLoadGenerator(storms[0], protocols, stormTargets(rxchatMain, nodeFlags).find((t) => t.name === 'bare')!, progress);
  for (const scenario of storms) {
    for (const protocol of protocols) {
      const rows = targets.map((t) => ({ id: scenario.id, protocol, target: t.name, runs: [] as StormMetrics[] }));
      for (let run = 1; run <= runs; run++) {
        for (const [i, target] of targets.entries()) {
          if (run > runsFor(target, scenario)) continue;
          const m = await runStorm(target, planFor(target, scenario, protocol)).catch((error: Error): StormMetrics =>
            ({ registeredMs: NaN, settledMs: NaN, serverCpuSeconds: NaN, loadgenCpuSeconds: NaN, check: `FAILED: ${error.message}` }));
          rows[i]!.runs.push(m);
          progress(`${scenario.id} ${protocol} run ${run}/${runs} ${target.name.padEnd(11)} registered ${m.registeredMs.toFixed(0)} ms, views ${m.settledMs.toFixed(0)} ms, ` +
            `cpu ${m.serverCpuSeconds.toFixed(2)} s, loadgen ${m.loadgenCpuSeconds.toFixed(2)} s, ${m.check}`);
        }
      }
      results.push(...rows);
    }
  }
  return results;
}

/**
 * [STORM-WARM] One storm per protocol against the bare broadcaster before any is measured, its
 * figures dropped: this process is the load generator, and its own code is slow until the JIT has
 * compiled it. Without this, whichever server ran first (rxchat) met a cold load generator and the
 * others a warm one. The servers themselves start cold in every run, as after a restart.
 */
async function warmLoadGenerator(
  scenario: StormScenario | undefined, protocols: readonly ('native' | 'legacy')[],
  bare: StormTarget & { limit: number }, progress: (text: string) => void,
): Promise<void> {
  if (!scenario) return;
  for (const protocol of protocols) {
    const m = await runStorm(bare, planFor(bare, scenario, protocol)).catch((error: Error) => ({ check: `FAILED: ${error.message}` }));
    progress(`warm-up ${scenario.id} ${protocol} against bare (not counted): ${m.check}`);
  }
}

const med = (runs: readonly StormMetrics[], key: 'registeredMs' | 'settledMs' | 'serverCpuSeconds') => median(runs.map((r) => r[key]));
const spread = (runs: readonly StormMetrics[], key: 'registeredMs' | 'settledMs') => {
  const values = runs.map((r) => r[key]).filter(Number.isFinite);
  return values.length ? `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})` : '-';
};

/** One table per storm scenario: time to register, time until every view is right (vs the bare broadcaster's registration). */
export function formatStormTables(results: readonly StormResult[], storms: readonly StormScenario[]): string {
  const out: string[] = [];
  for (const scenario of storms) {
    const rows = results.filter((r) => r.id === scenario.id);
    if (rows.length === 0) continue;
    out.push(`### storm ${scenario.id}: ${scenario.clients} clients registering ${scenario.concurrency === 8 ? '8 at a time' : 'all at once'}${scenario.warm ? ', on a warm server' : ''}`, '',
      '| protocol | server | registered ms | views right ms | vs bare | server CPU s | check |', '|---|---|---|---|---|---|---|');
    for (const row of rows) {
      const bare = rows.find((r) => r.protocol === row.protocol && r.target === 'bare');
      const ratio = bare ? med(row.runs, 'settledMs') / med(bare.runs, 'registeredMs') : NaN;
      const checks = [...new Set(row.runs.map((r) => r.check))].join('; ');
      out.push(`| ${row.protocol} | ${row.target} | ${spread(row.runs, 'registeredMs')} | ${spread(row.runs, 'settledMs')} | ` +
        `${Number.isFinite(ratio) ? ratio.toFixed(2) + 'x' : '-'} | ${med(row.runs, 'serverCpuSeconds').toFixed(2)} | ${checks} |`);
    }
    out.push(...formatLeaves(rows, scenario), '');
  }
  out.push(...formatTargets(results, storms));
  return out.join('\n');
}

/** [STORM-LEAVES] Under a warm scenario's table: how long the last member waited to see the others leave. */
function formatLeaves(rows: readonly StormResult[], scenario: StormScenario): string[] {
  const timed = rows.filter((r) => r.runs.some((m) => m.leavesMs !== undefined));
  if (timed.length === 0) return [];
  const figure = (runs: readonly StormMetrics[]) => {
    const values = runs.flatMap((m) => (m.leavesMs === undefined ? [] : [m.leavesMs]));
    return `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})`;
  };
  return ['', `Leave storm before it (native): ${scenario.clients - 1} members dropped at once, the one left saw its list right after ` +
    timed.map((r) => `${r.target} ${figure(r.runs)}`).join(', ') + '.'];
}

/** The targets: 1,000 and 2,000 within 2x bare, 2,000 within 2.2x of 1,000 (views right, medians). */
function formatTargets(results: readonly StormResult[], storms: readonly StormScenario[]): string[] {
  const lines = ['### storm targets (rxchat, views right; medians)', '', '| mode | protocol | server | n | vs bare (target <= 2x) | vs its 1,000 (target <= 2.2x at 2,000) |', '|---|---|---|---|---|---|'];
  const at = (mode: string, n: number, protocol: string, target: string) =>
    results.find((r) => r.id === `${mode}-${n}` && r.protocol === protocol && r.target === target);
  const modes: Record<string, string> = { s8: '8 at a time', sall: 'all at once', w8: '8 at a time, warm server' };
  for (const mode of Object.keys(modes)) {
    for (const protocol of ['native', 'legacy']) {
      for (const target of ['rxchat', 'rxchat-loud', 'rxchat-before']) {
        for (const s of storms.filter((x) => x.id.startsWith(`${mode}-`))) {
          const row = at(mode, s.clients, protocol, target);
          if (!row) continue;
          const bare = at(mode, s.clients, protocol, 'bare');
          const first = at(mode, storms.find((x) => x.id.startsWith(`${mode}-`))!.clients, protocol, target);
          const vsBare = bare ? med(row.runs, 'settledMs') / med(bare.runs, 'registeredMs') : NaN;
          const vsFirst = first && first !== row ? med(row.runs, 'settledMs') / med(first.runs, 'settledMs') : NaN;
          const f = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '-');
          lines.push(`| ${modes[mode]} | ${protocol} | ${target} | ${s.clients} | ${f(vsBare)} | ${f(vsFirst)} |`);
        }
      }
    }
  }
  return lines;
}
