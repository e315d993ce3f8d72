import { describe, expect, test } from 'vitest';
import { tuiFixture } from '../helpers/tui-fixture.js';

/**
 * [SERVER-FAILOVER] The terminal client in a real terminal (tmux) with `--server A,B` over two
 * real servers: A stopped, it goes on to B (a separate server today: registered anew there),
 * says so, shows B in the status bar, and chats there.
 */
describe('[SERVER-FAILOVER] rxchat join --server in a terminal', () => {
  const tui = tuiFixture();

  test('the first server stopped: the next one of the list, named in the log and the status bar', async () => {
    const [a, b] = await Promise.all([tui.server(), tui.server()]);
    const t = tui.term(`--nick alice --server 127.0.0.1:${a.port},127.0.0.1:${b.port}`);
    await t.waitFor('connected as alice');
    await t.waitFor(`127.0.0.1:${a.port} │ ● online`);
    await a.stop();
    await t.waitFor(`trying 127.0.0.1:${b.port} next`, 20_000);
    await t.waitFor(`127.0.0.1:${b.port} │ ● online`, 20_000);
    const bob = tui.plain(b.port, 'bob');
    await bob.waitFor('* connected as bob');
    t.type('hello from the second server');
    await bob.waitFor('alice: hello from the second server');
    bob.say('hi alice');
    await t.waitFor(/<bob> hi alice/);
    expect(t.capture()).not.toContain(`127.0.0.1:${a.port} │`);
  }, 60_000);
});
