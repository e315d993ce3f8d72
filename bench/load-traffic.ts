import { nowUs, openClient, type LoadClient, type LoadShared } from './load-client.js';
import { expectedDeliveries, fanoutOf, observerOf, roomOf, type LoadPlan } from './load-plan.js';

/**
 * Opens every client of `plan`, `connectConcurrency` at a time, and resolves with them and the
 * time it took until the last one had joined. Rejects (closing what it opened) if any fails.
 */
export async function connectAll(plan: LoadPlan, shared: LoadShared): Promise<{ clients: LoadClient[]; connectMs: number }> {
  const clients: LoadClient[] = new Array(plan.clients);
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.clients) {
      const index = next++;
      clients[index] = await openClient(index, shared, plan.join, plan.timeoutMs);
    }
  };
  const workers = Array.from({ length: Math.min(plan.connectConcurrency, plan.clients) }, worker);
  const outcomes = await Promise.allSettled(workers);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    closeAll(clients);
    throw failed.reason;
  }
  return { clients, connectMs: performance.now() - started };
}

/** Moves each client into its room with a `join` frame; rejects if the server has no rooms. */
export async function joinRooms(plan: LoadPlan, clients: readonly LoadClient[]): Promise<void> {
  if (plan.rooms === 1) return;
  await Promise.all(clients.map((client) => {
    const room = roomOf(plan, client.index);
    if (plan.protocol === 'irc') {
      const joined = client.expect((line) => line.includes(` 366 ${client.nick} ${room} `), `join ${room}`, 5_000);
      client.socket.write(`JOIN ${room}\r\n`);
      return joined;
    }
    // rxchat answers the joiner with a `room` frame; the baselines echo `joined` to everyone.
    const seen = client.expect((line) => line.includes(`"room":"${room}"`) &&
      (line.startsWith('{"type":"room"') || (line.startsWith('{"type":"joined"') && line.includes(`"nick":"${client.nick}"`))), `join ${room}`, 5_000);
    client.socket.write(`{"type":"join","room":"${room}"}\n`);
    return seen;
  }));
}

export interface TrafficResult {
  readonly elapsedMs: number;
  readonly deliveriesPerSec: number;
  /** Deliveries owed for the messages actually sent (fewer than planned when capped). */
  readonly expected: number;
  /** Set when [BENCH-CAP] stopped the sending early: messages sent of those planned. */
  readonly capped?: string;
  /** Set when the run stopped before every delivery arrived. */
  readonly stopped?: string;
}

/** Sends the plan's messages and resolves once every expected delivery arrived, or on timeout or stall. */
export function drive(plan: LoadPlan, clients: readonly LoadClient[], shared: LoadShared): Promise<TrafficResult> {
  const expected = expectedDeliveries(plan);
  const { ledger } = shared;
  const S = plan.senders;
  const sent = new Int32Array(S);
  const blocked = new Uint8Array(S);
  const observer = Array.from({ length: S }, (_, s) => observerOf(plan, s));
  const observes = new Map<number, number[]>();
  observer.forEach((o, s) => observes.set(o, [...(observes.get(o) ?? []), s]));
  const started = nowUs();
  const fanout = Array.from({ length: S }, (_, s) => fanoutOf(plan, s));
  let owed = 0; // deliveries owed for what was sent so far
  let capped = false;
  const roomField = plan.rooms > 1 ? Array.from({ length: S }, (_, s) => `,"room":"${roomOf(plan, s)}"`) : undefined;
  // [BENCH-LEGACY-WINDOW] The original protocol has no framing: a server that reads two queued
  // messages at once relays them as one. One message in flight per sender keeps packets apart.
  const windowSize = plan.traffic.kind !== 'window' ? 0 : plan.protocol === 'legacy' ? 1 : plan.traffic.window;

  function send(s: number, count: number): void {
    const t = nowUs();
    const socket = clients[s]!.socket;
    owed += count * fanout[s]!;
    let out = '';
    let ok = true;
    for (let k = 0; k < count; k++) {
      const payload = `${s}.${++sent[s]!}.${t}`;
      if (plan.protocol === 'native' || plan.protocol === 'websocket') out += `{"type":"say","text":"${payload}"${roomField?.[s] ?? ''}}\n`;
      else if (plan.protocol === 'irc') out += `PRIVMSG ${roomOf(plan, s)} :${payload}\r\n`;
      else ok = socket.write(`${payload};`) && ok; // the original client: one send() per message
    }
    if (!(out === '' ? ok : socket.write(out))) {
      blocked[s] = 1;
      socket.once('drain', () => {
        blocked[s] = 0;
        if (plan.traffic.kind === 'window') pump(s);
      });
    }
  }
  function pump(s: number): void {
    if (blocked[s] || plan.traffic.kind !== 'window' || capped) return;
    if (plan.sendForMs !== undefined && nowUs() - started > plan.sendForMs * 1000) return void (capped = true);
    const inFlight = sent[s]! - ledger.last(observer[s]!, s);
    const n = Math.min(windowSize - inFlight, plan.messages - sent[s]!);
    if (n > 0) send(s, n);
  }

  return new Promise<TrafficResult>((resolve) => {
    let lastDelivered = -1;
    let stalledTicks = 0;
    const finish = (stopped?: string) => {
      clearInterval(watchdog);
      clearTimeout(ticker);
      shared.afterChunk = () => {};
      const elapsedMs = (nowUs() - started) / 1000;
      const sentAll = owed === expected;
      resolve({
        elapsedMs, deliveriesPerSec: ledger.delivered / (elapsedMs / 1000), expected: owed,
        ...(sentAll ? {} : { capped: `capped after ${plan.sendForMs} ms: ${sent.reduce((a, b) => a + b, 0)} of ${S * plan.messages} messages sent` }),
        ...(stopped ? { stopped } : {}),
      });
    };
    shared.afterChunk = (client) => {
      const watched = observes.get(client.index);
      if (watched) for (const s of watched) pump(s);
      if (ledger.delivered >= owed && (owed === expected || capped)) finish();
    };
    // Bounded: gives up at the plan's timeout, or after 10 s without a single delivery.
    const watchdog = setInterval(() => {
      if (nowUs() - started > plan.timeoutMs * 1000) return finish(`timed out after ${plan.timeoutMs} ms`);
      stalledTicks = ledger.delivered === lastDelivered ? stalledTicks + 1 : 0;
      lastDelivered = ledger.delivered;
      if (stalledTicks >= 20) finish('stalled: no delivery for 10 s');
      // A capped sender may have nothing left in flight, so no delivery would come to finish the run.
      else if (plan.sendForMs !== undefined && nowUs() - started > plan.sendForMs * 1000 && !capped) {
        capped = true;
        if (ledger.delivered >= owed) finish();
      }
    }, 500);
    let ticker: NodeJS.Timeout | undefined;
    const traffic = plan.traffic;
    if (traffic.kind === 'window') for (let s = 0; s < S; s++) pump(s);
    else if (traffic.kind === 'rate') {
      // Each tick sends what is due by now, spread round-robin over the senders; ends when all are sent.
      const total = S * plan.messages;
      let issued = 0;
      const tick = () => {
        const due = Math.min(total, Math.floor(((nowUs() - started) / 1e6) * traffic.perSecond) + 1);
        const counts = new Int32Array(S);
        for (; issued < due; issued++) counts[issued % S]!++;
        for (let s = 0; s < S; s++) if (counts[s]! > 0) send(s, counts[s]!);
        if (issued < total) ticker = setTimeout(tick, 1);
      };
      tick();
    }
    if (expected === 0) finish();
  });
}

/** Destroys every client socket of a run. */
export function closeAll(clients: readonly (LoadClient | undefined)[]): void {
  for (const client of clients) client?.socket.destroy();
}
