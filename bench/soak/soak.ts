#!/usr/bin/env node
/**
 * `npm run soak`: hundreds of clients chat with churn against the real server for a bounded time,
 * then a report of messages sent, delivered, lost and duplicated, and the server's memory.
 * Exits 1 if anything was lost or duplicated, a message went unacknowledged, or the server died.
 */
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { startServer, type ProcStats } from '../server-process.js';
import { openSoakClient, type SoakClient } from './soak-client.js';
import { formatSoakReport, type SoakReport } from './soak-report.js';

const argv = await yargs(hideBin(process.argv))
  .option('duration', { type: 'number', default: 120, describe: 'seconds of chatting' })
  .option('stable', { type: 'number', default: 200, describe: 'clients that stay the whole time' })
  .option('churners', { type: 'number', default: 100, describe: 'clients present at once that come and go' })
  .option('churn-every', { type: 'number', default: 1000, describe: 'ms between churn rounds' })
  .option('churn-batch', { type: 'number', default: 5, describe: 'churners replaced each round' })
  .option('interval', { type: 'number', default: 3000, describe: 'mean ms between one client\'s messages' })
  .strict()
  .parseAsync();

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const ACK_MS = 30_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const server = await startServer(process.execPath, [MAIN, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0', '--log-level', 'info', '--in-memory',
  '--max-per-address', '10000', '--max-connections', '10000']);
// Whatever happens below (a client refused, a crash), the server does not outlive this process.
process.on('exit', () => {
  try {
    process.kill(server.pid, 'SIGKILL');
  } catch {
    // already stopped
  }
});
let running = true;
let nextNick = 0;
let unacked = 0;
let maxId = 0;
let churned = 0;
const stable: SoakClient[] = [];
const churners = new Set<SoakClient>();
const gone: SoakClient[] = [];
const talkers = new Map<SoakClient, { stop(): void; done: Promise<void> }>();

/** Talks until told to stop: one line at a time, a random pause apart (mean `interval`). */
function talk(client: SoakClient): void {
  let stopped = false;
  let wake: () => void = () => undefined;
  const stoppedSignal = new Promise<void>((resolve) => (wake = resolve));
  const done = (async () => {
    let seq = 0;
    while (running && !stopped) {
      await Promise.race([sleep(Math.random() * 2 * argv.interval), stoppedSignal]);
      if (!running || stopped) break;
      try {
        maxId = Math.max(maxId, await client.say(`${client.nick} says ${seq++}`, ACK_MS));
      } catch {
        unacked++;
      }
    }
  })();
  talkers.set(client, { stop: () => ((stopped = true), wake()), done });
}

/** Stops a client talking; resolves once its last line is acknowledged. */
async function quiet(client: SoakClient): Promise<void> {
  const talker = talkers.get(client);
  if (!talker) return;
  talker.stop();
  await talker.done;
}

async function openMany(count: number, into: (c: SoakClient) => void): Promise<void> {
  for (let done = 0; done < count; done += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - done) }, () => openSoakClient(server.port, `k${(nextNick++).toString(36).padStart(3, '0')}`, 10_000)));
    batch.forEach(into);
  }
}

async function churnRound(): Promise<void> {
  const leaving = [...churners].sort(() => Math.random() - 0.5).slice(0, argv.churnBatch);
  await Promise.all(leaving.map(async (client, i) => {
    churners.delete(client);
    await quiet(client);
    await client.leave((['quit', 'end', 'reset'] as const)[i % 3]!);
    gone.push(client);
    churned++;
  }));
  await openMany(leaving.length, (c) => (churners.add(c), talk(c)));
}

const started = Date.now();
await openMany(argv.stable, (c) => stable.push(c));
await openMany(argv.churners, (c) => churners.add(c));
const memBefore: ProcStats = server.stats();
[...stable, ...churners].forEach(talk);
process.stderr.write(`soak: ${stable.length + churners.size} clients chatting for ${argv.duration} s on port ${server.port}\n`);
const churnLoop = (async () => {
  while (running) {
    await sleep(argv.churnEvery);
    if (running) await churnRound();
  }
})();
await sleep(argv.duration * 1000);
running = false;
await churnLoop;
await Promise.all([...talkers.values()].map((t) => (t.stop(), t.done)));
const memEnd = server.stats();

// A last line after everything else: every client still here must see every id up to it.
const present = [...stable, ...churners];
maxId = await stable[0]!.say('the end', ACK_MS);
const deadline = Date.now() + 30_000;
while (present.some((c) => c.lastId !== maxId) && Date.now() < deadline) await sleep(50);
let tailLost = 0;
for (const c of present) tailLost += maxId - (c.lastId ?? 0);
let headLost = 0;
for (const c of stable) headLost += (c.ledger.first ?? maxId + 1) - 1;
await Promise.all(present.map((c) => c.leave('quit')));
await sleep(3_000);
const memAfter = server.stats();
const alive = (() => {
  try {
    server.stats();
    return true;
  } catch {
    return false;
  }
})();
await server.stop();

const all = [...present, ...gone];
const errors = new Map<string, number>();
for (const c of all) for (const [code, n] of c.ledger.errors) errors.set(code, (errors.get(code) ?? 0) + n);
const report: SoakReport = {
  seconds: Math.round((Date.now() - started) / 1000),
  clients: all.length,
  stable: stable.length,
  churned,
  sent: all.reduce((n, c) => n + c.ledger.acked, 0) + unacked,
  acked: all.reduce((n, c) => n + c.ledger.acked, 0),
  unacked,
  delivered: all.reduce((n, c) => n + c.ledger.delivered, 0),
  lost: all.reduce((n, c) => n + c.ledger.lost, 0) + tailLost + headLost,
  duplicated: all.reduce((n, c) => n + c.ledger.duplicated, 0),
  errors: Object.fromEntries(errors),
  serverAlive: alive,
  memory: { before: memBefore, endOfTraffic: memEnd, afterAllLeft: memAfter },
};
process.stdout.write(formatSoakReport(report));
const ok = report.lost === 0 && report.duplicated === 0 && report.unacked === 0 && errors.size === 0 && alive;
process.exit(ok ? 0 : 1);
