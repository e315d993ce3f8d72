import { describe, expect, test } from 'vitest';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { tuiFixture } from '../helpers/tui-fixture.js';

/**
 * [NODE-GONE] [SERVER-FAILOVER] The terminal client in a real terminal (tmux) on node A of a real
 * cluster, `--server A,B`: A is killed (SIGKILL, by its PID), the client goes on to B, resumes its
 * session there (same rooms, nobody told of a leave), shows what was said while it moved once,
 * and chats on.
 */
describe('[NODE-GONE] the terminal client when its node is killed', () => {
  const tui = tuiFixture({ afterStop: stopAllRedis });

  test('is back on node B in its session and rooms, shows each message once, and nobody saw it leave', async () => {
    const redis = await startRedis();
    const node = (name: string) => tui.server(0, '--redis', redis.url, '--node-name', name, '--node-lease', '2');
    const a = await node('n0');
    const b = await node('n1');
    const bob = tui.plain(b.port, 'bob');
    await bob.waitFor('* connected as bob');
    const t = tui.term(`--nick alice --server 127.0.0.1:${a.port},127.0.0.1:${b.port}`, 100, 30);
    await t.waitFor(`127.0.0.1:${a.port} │ ● online`);
    await bob.waitFor('* alice joined');
    bob.say('before the kill');
    await t.waitFor(/<bob> before the kill/);

    a.child.kill('SIGKILL');
    bob.say('while you moved');
    await t.waitFor('session resumed', 20_000);
    await t.waitFor(`127.0.0.1:${b.port} │ ● online`, 20_000);
    await t.waitFor(/<bob> while you moved/, 20_000);
    t.type('back on another node');
    await bob.waitFor('alice: back on another node');
    bob.say('welcome back');
    await t.waitFor(/<bob> welcome back/);

    const screen = t.capture();
    for (const line of ['before the kill', 'while you moved', 'welcome back']) expect(screen.split(line).length - 1, line).toBe(1);
    expect(bob.out.filter((l) => l.includes('alice') && (l.includes('disconnected') || l.includes('left')))).toEqual([]);
  }, 60_000);
});
