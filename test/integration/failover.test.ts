import { afterEach, describe, expect, test } from 'vitest';
import { joined, killAll, MAIN, spawnChild, startServer, type Child } from '../helpers/processes.js';

/**
 * [SERVER-FAILOVER] `rxchat join --server A,B` with two real `rxchat serve` processes: the client
 * is on A, A is stopped by its PID, and the client carries on on B. The two servers share nothing
 * (no --redis), so B registers it anew (its resume secret means nothing there) instead of resuming: the
 * test checks that it is welcomed on B and chats there. Resuming across the nodes of a cluster:
 * test/cluster/failover-resume.test.ts.
 */
const WAIT = 20_000;

afterEach(() => killAll());

function joinList(nick: string, ports: readonly number[]): Child {
  return spawnChild(process.execPath, [MAIN, 'join', '--nick', nick, '--server', ports.map((p) => `127.0.0.1:${p}`).join(',')]);
}

async function see(child: Child, line: string, what: string): Promise<void> {
  await child.stdout.waitFor((l) => l === line, WAIT, what).catch((error: Error) => {
    throw new Error(`${error.message}\nstdout: ${child.stdout.items.join(' | ')}\nstderr: ${child.stderr.items.join(' | ')}`);
  });
}

describe('[SERVER-FAILOVER] rxchat join --server over two real servers', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    test(`the first server stopped (${signal}): the client is welcomed on the second one and chats there`, async () => {
      const [a, b] = await Promise.all([startServer([], WAIT), startServer([], WAIT)]);
      const [carol, bob] = await Promise.all([joined(a.port, 'carol', WAIT), joined(b.port, 'bob', WAIT)]);
      const alice = joinList('alice', [a.port, b.port]);
      await alice.stderr.waitFor((l) => l.startsWith('* connected as alice'), WAIT, 'the welcome of alice');
      // She is on A: carol, there, sees her come and hears her.
      await see(carol, '* alice joined', 'alice joining on A');
      alice.line('on A');
      await see(carol, 'alice: on A', 'alice heard on A');

      a.process.kill(signal);
      await a.exit(WAIT);
      await alice.stderr.waitFor((l) => l === '* reconnected as alice', WAIT, 'alice welcomed again, on B').catch((error: Error) => {
        throw new Error(`${error.message}\nalice stderr: ${alice.stderr.items.join(' | ')}`);
      });
      expect(alice.stderr.items.filter((l) => l.startsWith('* reconnecting to '))[0]).toMatch(new RegExp(`^\\* reconnecting to 127\\.0\\.0\\.1:${b.port} in \\d+\\.\\d s \\(attempt 1\\)$`));
      await see(bob, '* alice joined', 'alice joining on B');
      alice.line('on B');
      await see(bob, 'alice: on B', 'alice heard on B');
      bob.line('welcome alice');
      await see(alice, 'bob: welcome alice', 'bob heard by alice');
      alice.endInput();
      expect(await alice.exit(WAIT)).toEqual({ code: 0, signal: null });
      expect(alice.stderr.items.filter((l) => l.startsWith('rxchat:') || l.startsWith('error'))).toEqual([]);
    }, 60_000);
  }

  test('the first server of the list is down from the start: the client goes on to the second one', async () => {
    const [a, b] = await Promise.all([startServer([], WAIT), startServer([], WAIT)]);
    a.process.kill('SIGKILL');
    await a.exit(WAIT);
    const bob = await joined(b.port, 'bob', WAIT);
    const alice = joinList('alice', [a.port, b.port]);
    await alice.stderr.waitFor((l) => l.startsWith('* connected as alice'), WAIT, 'the welcome of alice on B');
    expect(alice.stderr.items[0]).toMatch(new RegExp(`^\\* cannot connect to 127\\.0\\.0\\.1:${a.port}: connection refused.*; trying the next server$`));
    alice.line('hello B');
    await see(bob, 'alice: hello B', 'alice heard on B');
    alice.endInput();
    expect(await alice.exit(WAIT)).toEqual({ code: 0, signal: null });
  }, 60_000);

  test('flags: --server with --port is refused with words; a bad entry is named', async () => {
    const both = spawnChild(process.execPath, [MAIN, 'join', '--nick', 'alice', '--server', '127.0.0.1:1', '--port', '2']);
    expect((await both.exit(WAIT)).code).toBe(1);
    expect(both.stderr.items).toContain('--server does not go with --host or --port: write each server as host:port in --server (e.g. --server 127.0.0.1:12345,127.0.0.1:12346)');
    const bad = spawnChild(process.execPath, [MAIN, 'join', '--nick', 'alice', '--server', '127.0.0.1:1,::1']);
    expect((await bad.exit(WAIT)).code).toBe(1);
    expect(bad.stderr.items).toContain('--server: server 2 ("::1"): an IPv6 address goes in brackets: [::1]:12345');
  });
});
