import { afterEach, describe, expect, test } from 'vitest';
import { killAll, type ServerProcess } from '../helpers/processes.js';
import { originalClient, plain, sees, startRoomsServer, WAIT } from '../helpers/rooms-processes.js';

/**
 * [LEGACY-LOBBY] The original Python client lives in #lobby and sees only #lobby: not the
 * messages, arrivals, topics or history of other rooms, nor #lobby's replayed history, while the
 * plain clients around it use rooms, privates and actions.
 */

let server: ServerProcess;

afterEach(async () => {
  await killAll();
});

describe('[LEGACY-LOBBY] the original Python client among rooms', () => {
  test('sees #lobby messages, actions, privates and nick changes; nothing of #dev; no replayed history', async () => {
    server = await startRoomsServer();
    const alice = await plain(server.port, 'alice');
    const bob = await plain(server.port, 'bob');
    alice.line('before python');
    await sees(bob, 'alice: before python');

    const py = await originalClient(server.port, 'pyuser');
    await sees(alice, '* pyuser joined');

    alice.line('/join #dev');
    await sees(alice, '* in #dev: alice');
    bob.line('/join #dev');
    await sees(bob, '* in #dev: alice bob');
    alice.line('/topic dev only');
    alice.line('secret dev talk');
    await sees(bob, 'alice: secret dev talk');
    bob.line('/me nods in dev');
    await sees(alice, '* bob nods in dev');

    // bob's current room is #dev: back to the lobby with /join, then the lobby hears him.
    bob.line('/join #lobby');
    await bob.stdout.waitFor((l) => l.startsWith('* in #lobby: '), WAIT, 'the lobby shown again');
    bob.line('hello lobby');
    await py.stdout.waitFor((l) => l.includes('bob: hello lobby'), WAIT, "bob's lobby message on the original client");
    bob.line('/me waves');
    await py.stdout.waitFor((l) => l.includes('* bob waves'), WAIT, "bob's action on the original client");
    alice.line('/msg pyuser just for you');
    await py.stdout.waitFor((l) => l.includes('*alice* just for you'), WAIT, 'the private message on the original client');
    alice.line('/nick alicia');
    await py.stdout.waitFor((l) => l.includes('alice is now known as alicia'), WAIT, 'the nick change on the original client');

    py.line('hi from python');
    await sees(bob, 'pyuser: hi from python');
    await sees(alice, '[#lobby] pyuser: hi from python');

    // A last lobby line: anything of #dev decided before it would have reached python first.
    bob.line('barrier');
    await py.stdout.waitFor((l) => l.includes('bob: barrier'), WAIT, 'the barrier on the original client');
    const seen = py.stdout.items.join('\n');
    for (const hidden of ['secret dev talk', 'nods in dev', 'dev only', 'before python', '#dev', 'history']) expect(seen).not.toContain(hidden);

    py.line('/close');
    await sees(bob, '* pyuser disconnected');
    await py.exit(WAIT);
  });
});
