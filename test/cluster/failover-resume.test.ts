import { afterEach, describe, expect, test } from 'vitest';
import { joined, killAll, MAIN, spawnChild, startServer, type Child } from '../helpers/processes.js';
import { redisPerFile } from '../helpers/redis-per-file.js';

/**
 * [SERVER-FAILOVER] [RESUME] `rxchat join --server A,B` over two real nodes of one cluster (one
 * Redis): alice is on A, A is stopped by its PID, and her client goes on to B with its resume
 * secret: the session is taken over there, and bob on B never sees her leave and come back.
 */
const WAIT = 30_000;
const redis = redisPerFile();
afterEach(() => killAll());

async function see(child: Child, line: string, what: string): Promise<void> {
  await child.stdout.waitFor((l) => l === line, WAIT, what).catch((error: Error) => {
    throw new Error(`${error.message}\nstdout: ${child.stdout.items.join(' | ')}\nstderr: ${child.stderr.items.join(' | ')}`);
  });
}

describe('[SERVER-FAILOVER] a plain client moving between the nodes of a cluster', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    test(`node A stopped (${signal}): the client resumes its session on B, nobody sees it leave`, async () => {
      const flags = ['--redis', redis.url, '--node-lease', '1'];
      const a = await startServer([...flags, '--node-name', `a-${signal}`], WAIT);
      const b = await startServer([...flags, '--node-name', `b-${signal}`], WAIT);
      // One Redis for the file: each test has its own names, as sessions outlive a test by the grace.
      const tag = signal === 'SIGTERM' ? 't' : 'k';
      const room = `#f${tag}`;
      const [bobNick, aliceNick] = [`bob${tag}`, `alice${tag}`];
      const bob = await joined(b.port, bobNick, WAIT);
      bob.line(`/join ${room}`);
      const alice = spawnChild(process.execPath, [MAIN, 'join', '--nick', aliceNick, '--server', `127.0.0.1:${a.port},127.0.0.1:${b.port}`]);
      await alice.stderr.waitFor((l) => l.startsWith(`* connected as ${aliceNick}`), WAIT, 'the welcome of alice on A');
      alice.line(`/join ${room}`);
      await see(bob, `* ${aliceNick} joined`, 'alice joining, told across nodes');
      alice.line('before');
      await see(bob, `${aliceNick}: before`, 'alice heard from A');

      a.process.kill(signal);
      await a.exit(WAIT);
      await alice.stderr.waitFor((l) => l.startsWith(`* reconnected as ${aliceNick}`), WAIT, 'alice back, on B').catch((error: Error) => {
        throw new Error(`${error.message}\nalice stderr: ${alice.stderr.items.join(' | ')}`);
      });
      expect(alice.stderr.items.filter((l) => l.startsWith('* reconnected as'))).toEqual([`* reconnected as ${aliceNick} (session resumed)`]);
      alice.line('after');
      await see(bob, `${aliceNick}: after`, 'alice heard from B');
      alice.endInput();
      expect(await alice.exit(WAIT)).toEqual({ code: 0, signal: null });
      await see(bob, `* ${aliceNick} disconnected`, 'alice leaving at the end');
      expect(bob.stdout.items.filter((l) => l.startsWith(`* ${aliceNick}`))).toEqual([`* ${aliceNick} joined`, `* ${aliceNick} disconnected`]);
      expect(bob.stdout.items.filter((l) => l.startsWith(`${aliceNick}:`))).toEqual([`${aliceNick}: before`, `${aliceNick}: after`]);
    }, 90_000);
  }
});
