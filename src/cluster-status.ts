/**
 * [NODE-HEALTH] `rxchat status`: what a cluster's Redis says of its nodes and its log, in words.
 * Pure: the command reads Redis and hands the facts here.
 */
export interface ClusterFacts {
  readonly now: number;
  readonly leaseMs?: number;
  /** Every lease held, by boot: the health text its node last wrote ('' for none, or not JSON). */
  readonly leases: ReadonlyMap<number, string>;
  readonly stream: { readonly length: number; readonly firstId: string; readonly lastId: string };
  readonly snapshots: ReadonlyMap<number, string>;
}

interface Health {
  readonly node?: unknown;
  readonly startedAt?: unknown;
  readonly renewedAt?: unknown;
  readonly appending?: unknown;
  readonly pending?: unknown;
  readonly folded?: unknown;
  readonly connections?: unknown;
}

/** The report, one line a fact, nodes by boot; a node whose health cannot be read says so. */
export function describeCluster(facts: ClusterFacts): string[] {
  const lines = [`log: ${facts.stream.length} entries, ${facts.stream.firstId} .. ${facts.stream.lastId}`];
  const boots = [...facts.leases.keys()].sort((a, b) => a - b);
  lines.push(boots.length === 0 ? 'nodes: none alive (no lease held)' : `nodes: ${boots.length} alive`);
  for (const boot of boots) lines.push(`  ${describeNode(boot, facts.leases.get(boot) ?? '', facts)}`);
  return lines;
}

function describeNode(boot: number, text: string, facts: ClusterFacts): string {
  const health = parse(text);
  const snapshot = facts.snapshots.get(boot);
  const snap = snapshot === undefined ? 'no snapshot yet' : `snapshot at ${snapshot}`;
  if (health === undefined) return `boot ${boot}: alive (no health reported), ${snap}`;
  const name = typeof health.node === 'string' ? health.node : '?';
  const parts = [`boot ${boot} ${name}`];
  if (typeof health.connections === 'number') parts.push(`${health.connections} connections`);
  parts.push(health.appending === 'failing' ? `APPENDING FAILS (${String(health.pending)} events waiting; messages refused)` : 'appending ok');
  if (typeof health.folded === 'string') parts.push(`folded to ${health.folded}${health.folded === facts.stream.lastId ? ' (up to date)' : ''}`);
  if (typeof health.renewedAt === 'number') parts.push(`lease renewed ${ago(facts.now - health.renewedAt)} ago`);
  if (typeof health.startedAt === 'number') parts.push(`up ${ago(facts.now - health.startedAt)}`);
  parts.push(snap);
  return parts.join(', ');
}

function parse(text: string): Health | undefined {
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value as Health : undefined;
  } catch {
    return undefined;
  }
}

/** A duration in the largest whole unit: 850 ms, 12 s, 3 min, 2 h, 4 d. */
export function ago(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1_000, 's']];
  for (const [size, unit] of units) if (Math.abs(ms) >= size) return `${Math.floor(ms / size)} ${unit}`;
  return `${Math.max(0, Math.round(ms))} ms`;
}
