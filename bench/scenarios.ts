import type { LoadPlan } from './load-plan.js';

/** A named workload; `plan` gets the protocol of the server under test. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** `rate` plans are completed by the runner once the maximum is known (see `rateFrom`). */
  readonly plan: Omit<LoadPlan, 'protocol'>;
  /** Which figure matters most in this scenario's table. */
  readonly headline: 'throughput' | 'connect' | 'memory' | 'latency';
  /** For (f): the scenario whose measured maximum sets the rate (half of it). */
  readonly rateFrom?: string;
  /** Fewer clients for the original Python server, which registers them one at a time. */
  readonly legacyClients?: number;
  /** Only these servers run it (the others cannot: (L) needs native and original-protocol clients on one port). */
  readonly targets?: readonly string[];
}

const WINDOW = { kind: 'window', window: 64 } as const;
const base = { rooms: 1, connectConcurrency: 200, join: true, timeoutMs: 60_000, sendForMs: 10_000 } as const;

/** The scenarios of issue 6; `quick` shrinks them to a smoke run of a few seconds each. */
export function createScenarios(quick: boolean): readonly Scenario[] {
  const q = (full: number, small: number) => (quick ? small : full);
  return [
    { id: 'a', title: '(a) 100 clients, one room, 10 senders x 200 messages', headline: 'throughput',
      plan: { ...base, clients: 100, senders: 10, messages: q(200, 50), traffic: WINDOW } },
    { id: 'b', title: '(b) 500 clients, 5 senders x 100 messages', headline: 'throughput',
      plan: { ...base, clients: 500, senders: 5, messages: q(100, 20), traffic: WINDOW } },
    { id: 'B', title: '(B) sustained: 500 clients, 5 senders x 1,000 messages (headline)', headline: 'throughput',
      plan: { ...base, clients: 500, senders: 5, messages: q(1000, 200), traffic: WINDOW } },
    { id: 'c', title: '(c) connect storm: 1,000 clients at once, until all have joined', headline: 'connect',
      plan: { ...base, clients: q(1000, 300), senders: 0, messages: 0, traffic: { kind: 'idle' }, connectConcurrency: 100_000 } },
    { id: 'd', title: '(d) 10,000 idle connections (the original Python server: 2,000)', headline: 'memory', legacyClients: q(2000, 500),
      plan: { ...base, clients: q(10_000, 1000), senders: 0, messages: 0, traffic: { kind: 'idle' }, join: false, connectConcurrency: 500 } },
    { id: 'e', title: '(e) 100 rooms x 10 clients, everyone talking (20 messages each)', headline: 'throughput',
      plan: { ...base, clients: q(1000, 200), rooms: q(100, 20), senders: q(1000, 200), messages: q(20, 5), traffic: WINDOW } },
    { id: 'f', title: '(f) fixed rate, half the smaller (B) maximum of rxchat and plain, for 3 s: 500 clients, 5 senders', headline: 'latency',
      rateFrom: 'B',
      plan: { ...base, clients: 500, senders: 5, messages: 0, traffic: { kind: 'rate', perSecond: 0 } } },
    // [BENCH-STREAM] deliveries/s counts 32-byte packets' worth of bytes delivered, whatever pieces the server cut;
    // the burst is sent 5 times per run (each once the last has arrived), as one lasts only a few hundred ms.
    { id: 'L', title: `(L) original protocol, unpaced: 500 clients (half native, half original), 5 original senders x 1,000 packets of 32 bytes, no newline (${q(5, 2)} bursts)`,
      headline: 'throughput', targets: ['rxchat', 'rxchat-sqlite', 'plain', 'batched'],
      plan: { ...base, clients: 500, senders: 5, messages: q(1000, 200), traffic: { kind: 'stream', packetBytes: 32, rounds: q(5, 2) } } },
  ];
}
