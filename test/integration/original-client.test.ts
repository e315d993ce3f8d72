import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { joined, killAll, spawnChild, startServer, type Child, type ServerProcess } from '../helpers/processes.js';

/** [LEGACY] The original Python client, unchanged but for its server address, against `rxchat serve`. */
const WAIT = 10_000;
const CLIENT = fileURLToPath(new URL('../fixtures/original_client.py', import.meta.url));
let server: ServerProcess;

/** Starts the original client; it prints what it receives on stdout and reads its input from stdin. */
function originalClient(port: number): Child {
  return spawnChild('python3', ['-u', CLIENT, '127.0.0.1', String(port)], { TERM: 'dumb' });
}

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  await closeAllClients();
  await killAll();
});

describe('[LEGACY] the original Python client', () => {
  test('registers (after a FALSE for a nickname taken in another case), chats both ways with native clients, and leaves with /close', async () => {
    const alice = await joined(server.port, 'alice');
    const bob = await NativeClient.join(server.port, 'bob');

    const py = originalClient(server.port);
    await py.stdout.waitFor((l) => l.includes('Enter a nickname'), WAIT, 'the nickname prompt');
    py.line('ALICE');
    await py.stdout.waitFor((l) => l.includes('This nickname already exists'), WAIT, 'the FALSE for a taken nickname');
    py.line('pyuser');
    await alice.stdout.waitFor((l) => l === '* pyuser joined', WAIT, 'pyuser joined');
    await bob.waitFor(is.joined('pyuser'), WAIT, 'pyuser joined');

    // One line at a time: the original protocol has no framing, so two quick sends could arrive as one.
    py.line('hello from python');
    await alice.stdout.waitFor((l) => l === 'pyuser: hello from python', WAIT, "pyuser's message");
    await bob.waitFor(is.message('pyuser', 'hello from python'), WAIT, "pyuser's message");
    py.line('olá, ça va? ✓');
    await alice.stdout.waitFor((l) => l === 'pyuser: olá, ça va? ✓', WAIT, "pyuser's second message");

    alice.line('hi python');
    await py.stdout.waitFor((l) => l.includes('alice: hi python'), WAIT, "alice's message on the original client");
    bob.send({ type: 'say', text: 'and hi from native bob' });
    await py.stdout.waitFor((l) => l.includes('bob: and hi from native bob'), WAIT, "bob's message on the original client");
    expect(py.stdout.items.some((l) => l.includes('pyuser: hello from python'))).toBe(false);

    py.line('/close');
    await alice.stdout.waitFor((l) => l === '* pyuser disconnected', WAIT, 'pyuser disconnected');
    await bob.waitFor(is.left('pyuser', 'quit'), WAIT, 'pyuser left');
    // The original exits through sys.exit("Connection closed!"), hence status 1 and those words.
    const end = await py.exit(WAIT);
    expect(end.signal).toBeNull();
    expect(py.stderr.items.join('\n')).toContain('Connection closed!');
  }, 40_000);

  test('a legacy client that drops without /close is announced as disconnected', async () => {
    const alice = await joined(server.port, 'alice');
    const py = originalClient(server.port);
    await py.stdout.waitFor((l) => l.includes('Enter a nickname'), WAIT, 'the nickname prompt');
    py.line('dropper');
    await alice.stdout.waitFor((l) => l === '* dropper joined', WAIT, 'dropper joined');
    await py.kill();
    await alice.stdout.waitFor((l) => l === '* dropper disconnected', WAIT, 'dropper disconnected');
  });
});
