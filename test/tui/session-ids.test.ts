import { describe, expect, test } from 'vitest';
import { tuiFixture } from '../helpers/tui-fixture.js';
import type { ServerProcess } from './tui-harness.js';

/**
 * [TUI-SESSION-IDS] End to end: the real terminal client against a real server restarted
 * `--in-memory` on the same port, whose message ids start again from 1. A message of the new
 * server replayed with an id the old session showed is shown, and the old lines stay.
 */
describe('[TUI-SESSION-IDS] rxchat join across a restart in memory', () => {
  const tui = tuiFixture();

  test('the new server\'s first message, replayed on joining, is shown though the old server\'s first had its id', async () => {
    let server: ServerProcess = await tui.server();
    const port = server.port;
    const t = tui.term(`--nick alice --port ${port}`);
    await t.waitFor('connected as alice');
    /** A plain client connected as `nick` and in #dev. */
    const memberOfDev = async (nick: string) => {
      const client = tui.plain(port, nick);
      await client.waitFor(`connected as ${nick}`);
      client.say('/join #dev');
      await client.waitFor('* in #dev');
      return client;
    };
    t.type('/join #dev');
    await t.waitFor('#dev');
    const bob = await memberOfDev('bob');
    await t.waitFor('bob joined');
    // The first message the server stores: id 1.
    bob.say('said before the restart');
    await t.waitFor(/<bob> said before the restart/);
    await bob.close();

    await server.stop();
    await t.waitFor('connection lost');
    server = await tui.server(port);
    await t.waitFor('reconnected as alice', 20_000);
    t.type('/part #dev');
    await t.waitFor('you left #dev');

    // While alice is out of #dev, the new server stores its first message there: id 1 again.
    const carol = await memberOfDev('carol');
    carol.say('said after the restart');
    carol.say('/history');
    await carol.waitFor('carol: said after the restart');

    // Joining replays #dev's history: the new id 1 is a new message, not the one shown before.
    t.type('/join #dev');
    const screen = await t.waitFor(/<carol> said after the restart/);
    expect(screen).toMatch(/<bob> said before the restart/);
  }, 90_000);
});
