import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoadPlan } from '../../bench/load-plan.js';
import { isLegacyClient, runStreamOnce } from '../../bench/run-stream.js';
import type { Target } from '../../bench/targets.js';
import { MAIN } from '../helpers/processes.js';

const BROADCASTER = fileURLToPath(new URL('../../dist/bench/baselines/broadcaster.js', import.meta.url));

/** (L) in small: 3 original-protocol senders writing 300 packets back to back, twice, to 12 clients of both protocols. */
const plan: LoadPlan = {
  protocol: 'native', clients: 12, senders: 3, messages: 300, rooms: 1, join: true, connectConcurrency: 12,
  timeoutMs: 30_000, traffic: { kind: 'stream', packetBytes: 32, rounds: 2 },
};

const servers: Target[] = [
  { name: 'rxchat', protocol: 'native', rooms: true, command: process.execPath,
    args: [MAIN, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0', '--in-memory', '--flood-rate', '0', '--max-per-address', '100'] },
  { name: 'batched', protocol: 'native', rooms: true, command: process.execPath, args: [BROADCASTER, '--mode', 'batched'] },
];

describe('scenario (L): unpaced original-protocol senders, reassembled at every receiver (real sockets)', () => {
  it('mixes the protocols: every sender and every other receiver speaks the original one', () => {
    const legacy = Array.from({ length: plan.clients }, (_, i) => isLegacyClient(plan, i));
    expect(legacy).toEqual([true, true, true, true, false, true, false, true, false, true, false, true]);
  });

  for (const target of servers) {
    it(`${target.name} delivers every byte of every sender, once and in order, to every other client`, async () => {
      const m = await runStreamOnce(target, plan, 32, 2);
      const bytes = 2 * 3 * 300 * 32 * 11;
      expect(m.problem).toBeUndefined();
      expect(m.ledger).toEqual({ expected: bytes, delivered: bytes, duplicates: 0, skips: 0, lost: 0 });
      expect(m.pieces).toBeGreaterThanOrEqual(3 * 11);
    }, 60_000);
  }
});
