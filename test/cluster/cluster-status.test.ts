import { afterEach, describe, expect, test } from 'vitest';
import { ago, describeCluster } from '../../src/cluster-status.js';
import { killAll, MAIN, spawnChild, startServer } from '../helpers/processes.js';
import { redisPerFile } from '../helpers/redis-per-file.js';

/** [NODE-HEALTH] `rxchat status`: the nodes and the log, as the cluster's Redis sees them. */
const redis = redisPerFile();
afterEach(() => killAll());

async function status(...extra: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnChild(process.execPath, [MAIN, 'status', ...extra]);
  const { code } = await child.exit(15_000);
  return { code, out: child.stdout.items.join('\n'), err: child.stderr.items.join('\n') };
}

describe('[NODE-HEALTH] rxchat status', () => {
  test('two real nodes: each listed with its name, connections and appending ok; the log length', async () => {
    const a = await startServer(['--redis', redis.url, '--node-name', 'north', '--node-lease', '1']);
    await startServer(['--redis', redis.url, '--node-name', 'south', '--node-lease', '1']);
    // A lease is renewed (with the node's health) every third of it: give both a renewal.
    await a.logs.waitFor((l) => l['msg'] === 'node started' && l['node'] === 'south', 10_000, 'south seen by north');
    await new Promise((resolve) => setTimeout(resolve, 800));
    const { code, out } = await status('--redis', redis.url);
    expect(code).toBe(0);
    expect(out).toMatch(/^log: \d+ entries/m);
    expect(out).toContain('nodes: 2 alive');
    expect(out).toMatch(/boot \d+ north, 0 connections, appending ok/);
    expect(out).toMatch(/boot \d+ south, 0 connections, appending ok/);
    const json = JSON.parse((await status('--redis', redis.url, '--json')).out) as { nodes: { health: { node: string } }[] };
    expect(json.nodes.map((n) => n.health.node).sort()).toEqual(['north', 'south']);
  });

  test('Redis unreachable: exit 1 with the reason; a bad URL is refused before any connection', async () => {
    const down = await status('--redis', 'redis://127.0.0.1:1');
    expect(down.code).toBe(1);
    expect(down.err).toContain('cannot reach Redis at redis://127.0.0.1:1');
    const bad = await status('--redis', 'http://127.0.0.1:6379');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('the scheme must be redis: or rediss:');
  });
});

describe('[NODE-HEALTH] describeCluster', () => {
  const stream = { length: 7, firstId: '1-0', lastId: '9-0' };
  test('a failing node is shouted; a node without health or snapshot says so', () => {
    const leases = new Map([
      [3, JSON.stringify({ node: 'n3', startedAt: 0, renewedAt: 9_000, appending: 'failing', pending: 12, folded: '8-0', connections: 4 })],
      [1, ''],
    ]);
    const lines = describeCluster({ now: 10_000, leases, stream, snapshots: new Map([[3, '5-0']]) });
    expect(lines).toEqual([
      'log: 7 entries, 1-0 .. 9-0',
      'nodes: 2 alive',
      '  boot 1: alive (no health reported), no snapshot yet',
      '  boot 3 n3, 4 connections, APPENDING FAILS (12 events waiting; messages refused), folded to 8-0, lease renewed 1 s ago, up 10 s, snapshot at 5-0',
    ]);
  });

  test('no node alive', () => {
    expect(describeCluster({ now: 0, leases: new Map(), stream, snapshots: new Map() })[1]).toBe('nodes: none alive (no lease held)');
  });

  test('durations in their largest whole unit', () => {
    expect([ago(850), ago(12_400), ago(180_000), ago(7_300_000), ago(4 * 86_400_000)]).toEqual(['850 ms', '12 s', '3 min', '2 h', '4 d']);
  });
});
