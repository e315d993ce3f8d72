import { afterEach, describe, expect, test } from 'vitest';
import { closeAllClients, NativeClient } from '../helpers/native-client.js';
import { killAll, MAIN, spawnChild, startServer } from '../helpers/processes.js';

/** The `rxchat` program's flags and failures: clear words and exit codes, never a stack trace. */
const WAIT = 10_000;
const rxchat = (...args: string[]) => spawnChild(process.execPath, [MAIN, ...args]);

afterEach(async () => {
  await closeAllClients();
  await killAll();
});

describe('[FLAG-RANGE] the rxchat program', () => {
  test('--help names both commands; each command has its own help', async () => {
    const top = rxchat('--help');
    expect((await top.exit(WAIT)).code).toBe(0);
    expect(top.stdout.items.join('\n')).toMatch(/serve[\s\S]*join/);
    const serve = rxchat('serve', '--help');
    expect((await serve.exit(WAIT)).code).toBe(0);
    expect(serve.stdout.items.join('\n')).toContain('--max-queued-bytes');
  });

  test('no command, an unknown flag, a port out of range: refused with the rule, not a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [[], /say which command to run/],
      [['serve', '--port', '70000'], /--port must be an integer from 0 to 65535, got "70000"/],
      [['serve', '--bogus'], /Unknown argument: bogus/],
      [['join', '--nick', 'alice', '--port', '0'], /--port must be an integer from 1 to 65535/],
      [['serve', '--port', '0', '--motd-file', '/nonexistent/motd'], /rxchat: --motd-file \/nonexistent\/motd: ENOENT/],
    ];
    await Promise.all(cases.map(async ([args, words]) => {
      const child = rxchat(...args);
      const end = await child.exit(WAIT);
      expect(end.code, args.join(' ')).not.toBe(0);
      const stderr = child.stderr.items.join('\n');
      expect(stderr).toMatch(words);
      expect(stderr).not.toMatch(/\n\s+at /);
    }));
  });

  test('[PLAIN-EXIT] plain mode without --nick exits 2 and says so', async () => {
    const child = rxchat('join', '--port', '1');
    expect(await child.exit(WAIT)).toEqual({ code: 2, signal: null });
    expect(child.stderr.items.join('\n')).toContain('plain mode needs --nick');
  });

  test('a port already in use: exit 1 with the reason', async () => {
    const first = await startServer();
    const second = rxchat('serve', '--host', '127.0.0.1', '--port', String(first.port), '--irc-port', '0', '--http-port', '0');
    expect(await second.exit(WAIT)).toEqual({ code: 1, signal: null });
    const said = second.stdout.items.join('\n') + second.stderr.items.join('\n');
    expect(said).toContain('EADDRINUSE');
    expect(said).toContain(`cannot listen on 127.0.0.1:${first.port}: EADDRINUSE (another program already listens on that port)`);
    expect(said).not.toContain('internal error');
  });

  test('a second signal during a slow shutdown exits at once with 1', async () => {
    const server = await startServer(['--shutdown-timeout', '60000']);
    const stuck = await NativeClient.join(server.port, 'stuck');
    stuck.socket.pause(); // never reads its bye nor the end of the stream: the shutdown cannot finish by itself
    server.process.kill('SIGTERM');
    await server.logs.waitFor((l) => l['msg'] === 'signal received: shutting down', WAIT, 'the first signal logged');
    server.process.kill('SIGTERM');
    expect(await server.exit(WAIT)).toEqual({ code: 1, signal: null });
  });
});
