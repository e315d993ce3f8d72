/**
 * [BENCH-STORM] One registration storm against one server: `clients` register, `concurrency` at a
 * time (each next one connects when one is welcomed) or all at once, over one protocol; the run
 * ends when every client is registered and every member's view of the room is right, checked:
 * - native, when the server tells presence: each client's member list equals the set of all nicks;
 * - original protocol, when lines are expected: each client read a join line for every client
 *   welcomed more than [STORM-SKEW] after it, and no name twice; with a presence limit below the
 *   storm, no more names announced in all than the limit (joins past it are quiet).
 * Bounded: at most `timeoutMs`, then the run fails with what was missing. Loopback only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server-process.js';
import { openStormClient, type StormClient } from './storm-clients.js';

export interface StormPlan {
  readonly clients: number;
  /** Clients registering at once: 8, or `clients` for all at once. */
  readonly concurrency: number;
  readonly protocol: 'native' | 'legacy';
  /** What a correct view is: a full member list, join lines, no join lines past the limit, or nothing to check (bare). */
  readonly expect: 'members' | 'lines' | 'no-lines' | 'none';
  /** [PRESENCE-LIMIT] For `no-lines`: joins are announced only while the room has at most this many members. */
  readonly limit?: number;
  readonly timeoutMs: number;
  /**
   * [STORM-WARM-SERVER] Measure a second storm on the same server: a first storm of the same size
   * registers (nicks `w…`), its clients all drop, and once the server has told their leaves (its
   * CPU is idle) the measured storm begins. A server that has run a while meets a reconnect storm
   * warm; one just restarted meets it cold (the default).
   */
  readonly warm?: boolean;
}

export interface StormTarget {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface StormMetrics {
  /** From the first connect to the last welcome, ms. */
  readonly registeredMs: number;
  /** From the first connect until every view was right, ms (the registration time when nothing is to check). */
  readonly settledMs: number;
  readonly serverCpuSeconds: number;
  readonly loadgenCpuSeconds: number;
  /** `ok`, or what was wrong. */
  readonly check: string;
  /**
   * [STORM-LEAVES] On a warm server, native: from dropping every member of the warm-up storm but
   * one at once until that one's member list holds only itself, ms.
   */
  readonly leavesMs?: number;
}

/**
 * [STORM-SKEW] How far apart two welcomes must arrive here for their order to count as the
 * server's: this process reads thousands of sockets, so a welcome may be read late.
 */
const STORM_SKEW_MS = 100;
/** How long the original-protocol clients above the limit are watched for lines after the last welcome. */
const QUIET_WATCH_MS = 300;

export async function runStorm(target: StormTarget, plan: StormPlan): Promise<StormMetrics> {
  const server = await startServer(target.command, target.args);
  const clients: StormClient[] = [];
  try {
    const cpu = () => server.stats().cpuSeconds;
    const leavesMs = plan.warm ? await warmUp(server.port, cpu, plan) : undefined;
    const metrics = await stormOn([server.port], cpu, plan, clients);
    return leavesMs === undefined ? metrics : { ...metrics, leavesMs };
  } finally {
    await server.stop();
    for (const client of clients) client.socket.destroy();
  }
}

/**
 * [STORM-WARM-SERVER] A storm of `w…` nicks, then a mass disconnect, then a wait (bounded) until
 * the server is idle again. [STORM-LEAVES] Over the native protocol, one member stays: the time
 * until its list holds only itself is the leave storm's (undefined otherwise).
 */
async function warmUp(port: number, cpuSeconds: () => number, plan: StormPlan): Promise<number | undefined> {
  const warmers: StormClient[] = [];
  let leavesMs: number | undefined;
  try {
    const m = await stormOn([port], cpuSeconds, plan, warmers, 'w');
    if (m.check !== 'ok') throw new Error(`warm-up storm: ${m.check}`);
    if (plan.expect === 'members') leavesMs = await leaveStorm(warmers[0]!, warmers.slice(1));
  } finally {
    for (const client of warmers) client.socket.destroy();
  }
  const deadline = Date.now() + 20_000;
  for (let last = cpuSeconds(); Date.now() < deadline;) {
    await sleep(200);
    const now = cpuSeconds();
    if (now - last < 0.01) return leavesMs;
    last = now;
  }
  throw new Error('warm-up storm: the server was still busy 20 s after its clients left');
}

/** [STORM-LEAVES] Drops `leavers` at once; resolves when `stayer` holds only itself (bounded: 60 s). */
async function leaveStorm(stayer: StormClient, leavers: readonly StormClient[]): Promise<number> {
  const t0 = performance.now();
  for (const client of leavers) client.socket.destroy();
  const deadline = Date.now() + 60_000;
  while (!(stayer.names.size === 1 && stayer.names.has(stayer.nick))) {
    if (stayer.problem) throw new Error(`leave storm: ${stayer.problem}`);
    if (Date.now() > deadline) throw new Error(`leave storm: ${stayer.names.size - 1} members still listed after 60 s`);
    await sleep(5);
  }
  return performance.now() - t0;
}

/**
 * The storm itself, on servers already running: client i connects to `ports[i % ports.length]`
 * ([BENCH-CLUSTER]: round robin over a cluster's nodes); `cpuSeconds` reads the servers' CPU so far.
 * Every client it opens goes into `clients`, for the caller to close after stopping the servers.
 */
export async function stormOn(ports: readonly number[], cpuSeconds: () => number, plan: StormPlan, clients: StormClient[], prefix = 'u'): Promise<StormMetrics> {
  const cpu0 = cpuSeconds();
  const load0 = process.cpuUsage();
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  let registered = 0;
  let complete = 0;
  let opened = 0;
  const whole = new Set<StormClient>();
  let wake: () => void = () => {};
  const listener = {
    registered() {
      registered++;
      if (opened < plan.clients) open();
      wake();
    },
    changed(client: StormClient) {
      if (plan.expect !== 'members' || whole.has(client) || client.names.size !== plan.clients) return;
      whole.add(client);
      complete++;
      wake();
    },
  };
  const open = () => clients.push(openStormClient(ports[opened % ports.length]!, `${prefix}${String(opened++).padStart(4, '0')}`, plan.protocol === 'legacy', clock, listener));
  while (opened < Math.min(plan.concurrency, plan.clients)) open();
  const deadline = Date.now() + plan.timeoutMs;
  const done = () => registered === plan.clients && (plan.expect !== 'members' || complete === plan.clients);
  while (!done() && Date.now() < deadline) {
    const problem = clients.find((c) => c.problem)?.problem;
    if (problem) throw new Error(problem);
    await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(50)]);
  }
  const registeredMs = Math.max(...clients.map((c) => c.registeredAt ?? NaN));
  if (registered < plan.clients) return failed(`TIMEOUT: ${registered}/${plan.clients} registered`);
  let settledMs = plan.expect === 'members' ? Math.max(...clients.map((c) => c.changedAt)) : registeredMs;
  let check = plan.expect === 'members' ? checkMembers(clients, plan.clients) : 'ok';
  if (plan.expect === 'lines') ({ settledMs, check } = await watchLines(clients, deadline));
  if (plan.expect === 'no-lines') {
    await sleep(QUIET_WATCH_MS);
    // Lines are told only while the room is within the limit: no more names than that, in all.
    const announced = new Set(clients.flatMap((c) => [...c.names])).size;
    if (announced > (plan.limit ?? 0)) check = `${announced} names announced, more than the limit ${plan.limit}`;
  }
  const serverCpuSeconds = cpuSeconds() - cpu0;
  const load = process.cpuUsage(load0);
  return { registeredMs, settledMs, serverCpuSeconds, loadgenCpuSeconds: (load.user + load.system) / 1e6, check };

  function failed(check: string): StormMetrics {
    return { registeredMs: NaN, settledMs: NaN, serverCpuSeconds: NaN, loadgenCpuSeconds: NaN, check };
  }
}

/** Every native client's list is exactly the set of all nicks. */
function checkMembers(clients: readonly StormClient[], n: number): string {
  if (clients.some((c) => c.problem)) return clients.find((c) => c.problem)!.problem!;
  const wrong = clients.filter((c) => c.names.size !== n || clients.some((o) => !c.names.has(o.nick))).length;
  return wrong === 0 ? 'ok' : `TIMEOUT: ${wrong}/${n} member lists wrong`;
}

/** Waits (within the deadline) until every original-protocol client read the lines it must; no name twice. */
async function watchLines(clients: readonly StormClient[], deadline: number): Promise<{ settledMs: number; check: string }> {
  const byTime = [...clients].sort((a, b) => a.registeredAt! - b.registeredAt!);
  // Client i must read every name welcomed more than the skew after it: a suffix of `byTime`.
  // `next[i]` walks that suffix once in all, so polling costs what it checks, not n² a time.
  const next = byTime.map((c, i) => {
    let j = i + 1;
    while (j < byTime.length && byTime[j]!.registeredAt! <= c.registeredAt! + STORM_SKEW_MS) j++;
    return j;
  });
  const missing = () => {
    let lacking = 0;
    byTime.forEach((c, i) => {
      while (next[i]! < byTime.length && c.names.has(byTime[next[i]!]!.nick)) next[i]!++;
      lacking += byTime.length - next[i]!;
    });
    return lacking;
  };
  let lacking = missing();
  while (lacking > 0 && Date.now() < deadline) {
    await sleep(25);
    lacking = missing();
  }
  const repeats = clients.reduce((n, c) => n + c.repeats, 0);
  const problem = clients.find((c) => c.problem)?.problem;
  const check = problem ?? (lacking > 0 ? `TIMEOUT: ${lacking} join lines missing` : repeats > 0 ? `${repeats} names announced twice` : 'ok');
  return { settledMs: Math.max(...clients.map((c) => c.changedAt)), check };
}
