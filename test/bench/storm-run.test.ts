import { describe, expect, it } from 'vitest';
import { formatStormTables, type StormResult } from '../../bench/storm.js';
import { runStorm, type StormMetrics, type StormTarget } from '../../bench/storm-run.js';
import { MAIN } from '../helpers/processes.js';

const rxchat: StormTarget = {
  name: 'rxchat', command: process.execPath,
  args: [MAIN, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0', '--in-memory', '--log-level', 'info', '--flood-rate', '0', '--max-per-address', '1000'],
};

/** [STORM-WARM-SERVER] [STORM-LEAVES] The warm storm against a real rxchat on 127.0.0.1, in small. */
describe('[BENCH-STORM] a storm on a warm server', () => {
  it('registers a first storm, drops it (timing the leave storm natively), then measures a second with every list whole', async () => {
    const m = await runStorm(rxchat, { clients: 30, concurrency: 8, protocol: 'native', expect: 'members', timeoutMs: 30_000, warm: true });
    expect(m.check).toBe('ok');
    expect(m.leavesMs).toBeGreaterThan(0);
    expect(m.settledMs).toBeGreaterThanOrEqual(m.registeredMs);
  }, 60_000);

  it('over the original protocol measures the second storm and times no leave storm (no member list to watch)', async () => {
    const m = await runStorm(rxchat, { clients: 30, concurrency: 8, protocol: 'legacy', expect: 'lines', limit: 200, timeoutMs: 30_000, warm: true });
    expect(m.check).toBe('ok');
    expect(m.leavesMs).toBeUndefined();
  }, 60_000);

  it('prints the leave storm under the table of a warm scenario', () => {
    const run = (registeredMs: number, leavesMs?: number): StormMetrics =>
      ({ registeredMs, settledMs: registeredMs, serverCpuSeconds: 0.1, loadgenCpuSeconds: 0.1, check: 'ok', ...(leavesMs === undefined ? {} : { leavesMs }) });
    const results: StormResult[] = [
      { id: 'w8-1000', protocol: 'native', target: 'rxchat', runs: [run(300, 120), run(310, 140), run(320, 100)] },
      { id: 'w8-1000', protocol: 'native', target: 'bare', runs: [run(100), run(100), run(100)] },
    ];
    const text = formatStormTables(results, [{ id: 'w8-1000', clients: 1000, concurrency: 8, warm: true }]);
    expect(text).toContain('1000 clients registering 8 at a time, on a warm server');
    expect(text).toContain('999 members dropped at once, the one left saw its list right after rxchat 120 ms (100-140).');
    expect(text).toContain('| 8 at a time, warm server | native | rxchat | 1000 | 3.10x | - |');
  });
});
