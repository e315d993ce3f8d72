/**
 * `npm run bench`: runs every scenario of issue 6 against rxchat and the baselines, interleaving
 * the servers run by run so the machine's noise hits them alike, and prints a table per scenario.
 *   --quick            a short smoke run (1 run, small scenarios)
 *   --runs N           runs per server and scenario (default 3; the table shows the median, min, max)
 *   --only a,B,f       only these scenarios (`storms` for every registration storm, or one by id: s8-1000, sall-2000...;
 *                      `cluster` for every cluster scenario of issue 10, or one of CB, Cf, cs8, csall;
 *                      R the restart, W the web page in Chromium; (B) has its WebSocket run, rxchat-ws, beside TCP)
 *   --storm-targets rxchat,bare   only these servers in the storms (rxchat, rxchat-loud, bare, batched)
 *   --storm-protocols legacy      only these protocols in the storms (native, legacy)
 *   --storm-before PATH           also another build's dist/cli/main.js in the storms (`rxchat-before`), interleaved
 *   --targets rxchat,plain   only these servers
 *   --json             one JSON document on stdout instead of tables
 *   --json-out FILE    the tables on stdout and the JSON document in FILE
 *   --from-json FILE   print the tables of a saved JSON document again, without running anything
 *   --profile DIR      run rxchat under `node --cpu-prof --cpu-prof-dir DIR`
 *   --rxchat-arg ARG   an extra `rxchat serve` flag (repeatable), e.g. to lift a flood limit
 *   --node-flag FLAG   a Node flag for the rxchat process (repeatable), e.g. --node-flag=--trace-gc
 *   --rxchat-main PATH another build's dist/cli/main.js, to compare versions
 *   --wrap "CMD ARGS"  run rxchat under CMD (diagnostics only, e.g. "strace -c -f -o /tmp/rx.txt")
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runClusterBench, type ClusterReport } from './cluster/cluster-bench.js';
import { formatClusterTables, formatScenarioTable } from './format-table.js';
import type { LoadPlan } from './load-plan.js';
import { runOnce, type RunMetrics } from './run-once.js';
import { runStreamOnce } from './run-stream.js';
import { createScenarios, type Scenario } from './scenarios.js';
import { createStorms, formatStormTables, runStorms, type StormResult, type StormScenario } from './storm.js';
import { summarise, type TargetSummary } from './summary-stats.js';
import { createTargets, type Target } from './targets.js';
import { formatStartup } from './restart/format-startup.js';
import { measureStartup, type StartupFigures } from './restart/startup.js';
import { formatPageLoad, measurePageLoad, type PageFigures } from './web/page-load.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'json-out': { type: 'string' },
    'from-json': { type: 'string' },
    runs: { type: 'string' },
    only: { type: 'string' },
    targets: { type: 'string' },
    profile: { type: 'string' },
    'rxchat-arg': { type: 'string', multiple: true, default: [] },
    wrap: { type: 'string' },
    'node-flag': { type: 'string', multiple: true, default: [] },
    'rxchat-main': { type: 'string' },
    'storm-targets': { type: 'string' },
    'storm-protocols': { type: 'string' },
    'storm-before': { type: 'string' },
  },
});
const runs = Number(values.runs ?? (values.quick ? 1 : 3));
if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new TypeError(`--runs must be an integer from 1 to 20, got "${values.runs}"`);
const only = values.only?.split(',');
const scenarios = createScenarios(values.quick).filter((s) => !only || only.includes(s.id));
const storms = createStorms(values.quick).filter((s) => !only || only.includes('storms') || only.includes(s.id));
const nodeFlags = [...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : []), ...values['node-flag']];
const wanted = values.targets?.split(',');
const targets = createTargets(nodeFlags, values['rxchat-arg'], values.wrap?.split(' ') ?? [], values['rxchat-main']).filter((t) => !wanted || wanted.includes(t.name));
if (values['from-json']) {
  reprint(values['from-json']);
  process.exit(0);
}
assertFileLimit(scenarios, storms);
const started = Date.now();
const progress = (text: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);

const report: { id: string; title: string; plan: Omit<LoadPlan, 'protocol'>; results: Record<string, TargetSummary> }[] = [];
const measured = new Map<string, ReadonlyMap<string, TargetSummary>>();

for (const scenario of scenarios) {
  const plan = planOf(scenario);
  const collected = new Map<string, { runs: RunMetrics[]; errors: string[]; skipped?: string }>();
  const runnable = targets.filter((t) => (!scenario.targets || scenario.targets.includes(t.name)) && (!t.onlyIn || t.onlyIn.includes(scenario.id)));
  for (const target of runnable) {
    collected.set(target.name, { runs: [], errors: [], ...(plan.rooms > 1 && !target.rooms ? { skipped: 'no rooms in this protocol' } : {}) });
  }
  for (let run = 1; run <= runs; run++) {
    for (const target of runnable) {
      const bucket = collected.get(target.name)!;
      if (bucket.skipped) continue;
      const label = `${scenario.id} run ${run}/${runs} ${target.name.padEnd(10)}`;
      try {
        const clients = target.protocol === 'legacy' ? scenario.legacyClients ?? plan.clients : plan.clients;
        // The original server reads a nickname before it accepts the next client: legacy clients always register.
        const join = plan.join || target.protocol === 'legacy';
        const connectConcurrency = Math.min(plan.connectConcurrency, target.connectConcurrency ?? Infinity);
        const targetPlan = { ...plan, clients, join, protocol: target.protocol, connectConcurrency };
        const m = await (plan.traffic.kind === 'stream' ? runStreamOnce(target, targetPlan, plan.traffic.packetBytes, plan.traffic.rounds) : runOnce(target, targetPlan));
        bucket.runs.push(m);
        progress(`${label} ${(m.deliveriesPerSec / 1e6).toFixed(3)} M/s p99 ${m.p99.toFixed(1)} ms connect ${m.connectMs.toFixed(0)} ms ` +
          `peak ${(m.peakRss / 2 ** 20).toFixed(0)} MB (joined ${(m.peakRssConnected / 2 ** 20).toFixed(0)}) cpu ${m.cpuSeconds.toFixed(2)} s (connect ${m.connectCpuSeconds.toFixed(2)}) loadgen ${m.loadgenCpuSeconds.toFixed(2)} s${m.bytesPerSec === undefined ? '' : ` ${(m.bytesPerSec / 1e6).toFixed(1)} MB/s in ${m.pieces} pieces`}${m.ledger.lost || m.ledger.duplicates ? ` LOST ${m.ledger.lost} DUP ${m.ledger.duplicates}` : ''}${m.capped ? ' ' + m.capped : ''}${m.problem ? ' ' + m.problem : ''}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A native server without a `join` frame has no rooms: say so once instead of failing each run.
        if (plan.rooms > 1 && /UNKNOWN_TYPE|unknown frame/.test(message)) bucket.skipped = 'no rooms yet (join frame refused)';
        else bucket.errors.push(message);
        progress(`${label} FAILED: ${message.slice(0, 200)}`);
      }
    }
  }
  const results = new Map([...collected].map(([name, b]) => [name, summarise(b.runs, b.errors, b.skipped)] as const));
  measured.set(scenario.id, results);
  report.push({ id: scenario.id, title: scenario.title, plan, results: Object.fromEntries(results) });
  if (!values.json) process.stdout.write(formatScenarioTable(scenario, results) + '\n\n');
}

// [EVENT-LOG] Start-up after a long past (scenario R): run unless --only leaves it out.
let restart: StartupFigures | undefined;
if (!only || only.includes('R')) {
  const messages = values.quick ? 100_000 : 1_000_000;
  progress(`R: writing ${messages.toLocaleString('en')} messages through the reducer and the SQLite log, then restarting`);
  try {
    restart = await measureStartup({ messages, rooms: 100, people: 200 });
    if (!values.json) process.stdout.write(formatStartup(restart) + '\n\n');
  } catch (error) {
    progress(`R FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// [WEB-BENCH] The web page's weight and time to first message (scenario W): run unless --only leaves it out.
let page: PageFigures | undefined;
if (!only || only.includes('W')) {
  progress('W: loading the web page in Chromium');
  try {
    page = await measurePageLoad();
    if (!values.json) process.stdout.write(formatPageLoad(page) + '\n\n');
  } catch (error) {
    progress(`W FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const stormResults = storms.length === 0 ? [] : await runStorms(storms, runs, values['storm-targets']?.split(','), values['rxchat-main'], progress, nodeFlags, stormProtocols(), values['storm-before']);
if (!values.json && storms.length > 0) process.stdout.write(formatStormTables(stormResults, storms) + '\n\n');

// [BENCH-CLUSTER] Issue 10: one node in memory, one on Redis, 2 and 3 nodes on one Redis.
const clusterIds = ['cluster', 'CB', 'Cf', 'cs8', 'csall'];
let cluster: ClusterReport | undefined;
if (!only || only.some((id) => clusterIds.includes(id))) {
  cluster = await runClusterBench({ quick: values.quick, runs, scenarios: createScenarios(values.quick), nodeFlags, progress,
    ...(values['rxchat-main'] ? { main: values['rxchat-main'] } : {}) }, only);
  if (!values.json) process.stdout.write(formatClusterTables(cluster) + '\n');
}

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const totalSeconds = (Date.now() - started) / 1000;
const document = JSON.stringify({ machine, runs, quick: values.quick, totalSeconds, scenarios: report, ...(restart ? { restart } : {}), ...(page ? { page } : {}), storms: stormResults, ...(cluster ? { cluster } : {}) }, null, 2) + '\n';
if (values['json-out']) writeFileSync(values['json-out'], document);
if (values.json) process.stdout.write(document);
else process.stdout.write(`${machine}; ${runs} run(s) per server and scenario; ${totalSeconds.toFixed(0)} s in all.\n`);

/** `--storm-protocols`: native, legacy or both (the default). */
function stormProtocols(): ('native' | 'legacy')[] {
  const given = values['storm-protocols']?.split(',') ?? ['native', 'legacy'];
  const bad = given.filter((p) => p !== 'native' && p !== 'legacy');
  if (bad.length > 0 || given.length === 0) throw new TypeError(`--storm-protocols takes native, legacy or both, got "${values['storm-protocols']}"`);
  return given as ('native' | 'legacy')[];
}

/** The plan of a scenario; a fixed-rate plan gets half the smaller of rxchat's and plain's measured maximum. */
function planOf(scenario: Scenario): Omit<LoadPlan, 'protocol'> {
  const { plan } = scenario;
  if (plan.traffic.kind !== 'rate') return plan;
  const source = scenario.rateFrom ? measured.get(scenario.rateFrom) : undefined;
  const maxima = ['rxchat', 'plain'].map((n) => source?.get(n)?.spread?.deliveriesPerSec.median ?? NaN).filter(Number.isFinite);
  // Without a measured maximum (scenario run alone), a modest default: 200,000 deliveries/s.
  const deliveriesPerSec = maxima.length ? Math.min(...maxima) / 2 : 200_000;
  const perSecond = Math.max(1, Math.round(deliveriesPerSec / (plan.clients - 1)));
  const messages = Math.max(10, Math.round((perSecond * (values.quick ? 1 : 3)) / plan.senders));
  progress(`${scenario.id}: fixed rate ${perSecond} messages/s = ${(perSecond * (plan.clients - 1) / 1e6).toFixed(3)} M deliveries/s, ${messages} per sender`);
  return { ...plan, messages, traffic: { kind: 'rate', perSecond } };
}

/** Scenario (d) needs a socket per client here and in the server: refuse early, saying how to fix it. */
function assertFileLimit(selected: readonly Scenario[], storms: readonly StormScenario[]): void {
  const need = Math.max(0, ...selected.map((s) => s.plan.clients), ...storms.map((s) => s.clients)) + 200;
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1] ?? 'NaN');
  if (soft < need) {
    throw new TypeError(`the open-file limit is ${soft}, scenario (d) needs ${need}: run through bench/bench.sh ` +
      '(npm run bench does), or raise it with `ulimit -n 20000` / `prlimit --nofile=20000 -- node dist/bench/run.js`');
  }
}

/** Prints the tables of a document written by --json / --json-out. */
function reprint(path: string): void {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as {
    machine: string; runs: number; quick: boolean; totalSeconds: number;
    scenarios: { id: string; results: Record<string, TargetSummary> }[];
    storms?: StormResult[];
    cluster?: ClusterReport;
  };
  const known = createScenarios(saved.quick);
  for (const { id, results } of saved.scenarios) {
    const scenario = known.find((s) => s.id === id);
    if (scenario) process.stdout.write(formatScenarioTable(scenario, new Map(Object.entries(results))) + '\n\n');
  }
  if (saved.storms?.length) process.stdout.write(formatStormTables(saved.storms, createStorms(saved.quick)) + '\n\n');
  if (saved.cluster) process.stdout.write(formatClusterTables(saved.cluster) + '\n');
  process.stdout.write(`${saved.machine}; ${saved.runs} run(s) per server and scenario; ${saved.totalSeconds.toFixed(0)} s in all.\n`);
}
