import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { closeAllClients } from '../helpers/native-client.js';
import { joined, killAll, quiet, startJoin, startServer, type ServerProcess } from '../helpers/processes.js';

/** Several `rxchat join` plain clients against the real `rxchat serve`, on 127.0.0.1. */
const WAIT = 10_000;
/** What happened while a client was there: without the history a later feature replays on join. */
const live = (lines: readonly string[]) => lines.filter((l) => !l.startsWith('[history] '));
let server: ServerProcess;

// One server for the file: every test uses its own nicknames, and leaves nobody behind.
beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await killAll();
});

afterEach(async () => {
  await closeAllClients();
  await killAll([server]);
  await quiet(server);
});

describe('[PLAIN] plain clients through the real program', () => {
  test('presence, messages to everyone else in order, no echo, /close and end of input leave cleanly', async () => {
    const alice = await joined(server.port, 'alice');
    const bob = await joined(server.port, 'bob');
    const carol = await joined(server.port, 'carol');
    await alice.stdout.waitFor((l) => l === '* bob joined', WAIT, 'bob joined');
    await alice.stdout.waitFor((l) => l === '* carol joined', WAIT, 'carol joined');
    await bob.stdout.waitFor((l) => l === '* carol joined', WAIT, 'carol joined');

    for (const text of ['one', 'two', 'three', 'héllo wörld 🎉']) alice.line(text);
    for (const reader of [bob, carol]) {
      await reader.stdout.waitForCount((l) => l.startsWith('alice: '), 4, WAIT, 'messages from alice');
      expect(reader.stdout.items.filter((l) => l.startsWith('alice: '))).toEqual(['alice: one', 'alice: two', 'alice: three', 'alice: héllo wörld 🎉']);
    }
    // The server handles bob's reply after alice's lines; had alice's own lines come back, they would be there first.
    bob.line('got it');
    await alice.stdout.waitFor((l) => l === 'bob: got it', WAIT, "bob's reply");
    await carol.stdout.waitFor((l) => l === 'bob: got it', WAIT, "bob's reply");
    expect(alice.stdout.items.filter((l) => l.startsWith('alice:'))).toEqual([]);
    expect(bob.stdout.items.filter((l) => l.startsWith('bob:'))).toEqual([]);

    bob.line('/close');
    expect(await bob.exit(WAIT)).toEqual({ code: 0, signal: null });
    await alice.stdout.waitFor((l) => l === '* bob disconnected', WAIT, 'bob disconnected');
    await carol.stdout.waitFor((l) => l === '* bob disconnected', WAIT, 'bob disconnected');

    carol.endInput();
    expect(await carol.exit(WAIT)).toEqual({ code: 0, signal: null });
    await alice.stdout.waitFor((l) => l === '* carol disconnected', WAIT, 'carol disconnected');
    expect(alice.stdout.items.filter((l) => l.startsWith('* '))).toEqual(['* bob joined', '* carol joined', '* bob disconnected', '* carol disconnected']);
    expect(alice.stderr.items.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  test('a script that pipes its lines and closes stdin at once: every line is said, then it leaves with 0', async () => {
    const ann = await joined(server.port, 'ann');
    const bot = startJoin(server.port, 'bot');
    bot.write('first\nsecond\nthird\n');
    bot.endInput(); // before the server has even welcomed it: input is read only once welcomed
    expect(await bot.exit(WAIT)).toEqual({ code: 0, signal: null });
    await ann.stdout.waitFor((l) => l === '* bot disconnected', WAIT, 'bot disconnected');
    expect(live(ann.stdout.items)).toEqual(['* bot joined', 'bot: first', 'bot: second', 'bot: third', '* bot disconnected']);
  });

  test('[PLAIN-EXIT] 2 for a nickname taken in another case, and the others see nobody join', async () => {
    const dave = await joined(server.port, 'dave');
    const impostor = startJoin(server.port, 'DAVE');
    expect(await impostor.exit(WAIT)).toEqual({ code: 2, signal: null });
    expect(impostor.stderr.items.join('\n')).toContain('nickname "DAVE" is taken');
    // dave hears later arrivals, so had DAVE joined dave would have heard it before this one.
    await joined(server.port, 'erin');
    await dave.stdout.waitFor((l) => l === '* erin joined', WAIT, 'erin joined');
    expect(live(dave.stdout.items)).toEqual(['* erin joined']);
  });

  test('[PLAIN-EXIT] 2 for invalid nicknames, with the rule in words', async () => {
    const short = startJoin(server.port, 'ab');
    const spaced = startJoin(server.port, 'bad nick');
    expect(await short.exit(WAIT)).toEqual({ code: 2, signal: null });
    expect(short.stderr.items.join('\n')).toContain('nickname must be 3 to 10 characters');
    expect(await spaced.exit(WAIT)).toEqual({ code: 2, signal: null });
    expect(spaced.stderr.items.join('\n')).toMatch(/nickname may contain only letters, digits/);
  });

  test('[PLAIN-EXIT] 1 and clear words when nobody listens on the port', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as AddressInfo).port)));
    await new Promise((resolve) => probe.close(resolve));
    const lonely = startJoin(port, 'alice');
    expect(await lonely.exit(WAIT)).toEqual({ code: 1, signal: null });
    expect(lonely.stderr.items.join('\n')).toContain(`cannot connect to 127.0.0.1:${port}: connection refused`);
  });
});
