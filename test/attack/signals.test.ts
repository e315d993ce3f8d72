import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient } from './helpers/wire-client.js';

/**
 * [SHUTDOWN] SIGTERM and SIGINT against the real program: it stops accepting, says `bye` to
 * everyone, flushes within its deadline and exits 0; a second signal exits at once, non-zero.
 */

let server: Served | undefined;
afterEach(async () => {
  closeAllClients();
  await server?.kill();
  server = undefined;
});

/** Resolves with the connect error code, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => (socket.destroy(), resolve('timeout')), 5_000);
    socket.once('connect', () => (clearTimeout(timer), socket.destroy(), resolve('connected')));
    socket.once('error', (e: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(e.code ?? e.message)));
  });
}

describe('[SHUTDOWN] signals', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s: everyone gets bye, the port stops accepting, exit 0', async (signal) => {
    server = await spawnServer();
    const clients = await Promise.all(['amy', 'ben', 'cat'].map(async (nick) => {
      const c = await connectClient(server!.port);
      await c.hello(nick);
      return c;
    }));
    const legacy = await connectClient(server.port);
    legacy.write('oldtimer');
    await clients[0]!.waitFor((f) => f.type === 'joined' && f['nick'] === 'oldtimer', 'legacy joined');
    await clients[0]!.say('before the end', 'e1');

    server.signal(signal);
    for (const c of clients) {
      const bye = await c.waitFor((f) => f.type === 'bye', 'bye');
      expect(bye['reason']).toBe('server shutting down');
      await c.waitClosed('client at shutdown');
      expect(c.frames.filter((f) => f.type === 'left')).toEqual([]); // nobody is announced leaving: all are
    }
    await legacy.waitClosed('legacy client at shutdown');
    expect(legacy.lines.join('\n')).toContain('server: server shutting down');
    expect(await tryConnect(server.port)).toBe('ECONNREFUSED');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received: shutting down', 'stopped']));
  });

  test('what was said before the signal is flushed to every reader before its bye', async () => {
    server = await spawnServer(['--flood-rate', '0']);
    const talker = await connectClient(server.port);
    await talker.hello('talker');
    const readers = await Promise.all(['r1', 'r2', 'r3'].map(async (nick) => {
      const c = await connectClient(server!.port);
      await c.hello(`reader${nick}`);
      return c;
    }));
    const count = 300;
    const text = (i: number) => `${i} ${'w'.repeat(2000)}`;
    talker.write(Array.from({ length: count }, (_, i) => JSON.stringify({ type: 'say', text: text(i), ref: `w${i}` })).join('\n') + '\n');
    await talker.waitFor((f) => f.type === 'ack' && f['ref'] === `w${count - 1}`, 'the last ack');
    server.signal('SIGTERM');
    for (const reader of readers) {
      await reader.waitClosed('reader at shutdown');
      const tail = reader.frames.filter((f) => f.type === 'message' || f.type === 'bye');
      expect(tail.map((f) => (f.type === 'bye' ? 'bye' : f['text']))).toEqual([...Array.from({ length: count }, (_, i) => text(i)), 'bye']);
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  test('a client that never reads cannot hold the shutdown past its deadline: exit 0 all the same', async () => {
    server = await spawnServer(['--shutdown-timeout', '300']);
    const stuck = await connectClient(server.port);
    await stuck.hello('stuck');
    stuck.socket.pause();
    server.signal('SIGTERM');
    const exit = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  test('a second signal during the shutdown exits at once, with code 1', async () => {
    // The paused client keeps the graceful shutdown waiting (it never reads the FIN), so the second
    // signal, sent right behind the first, always lands while the first is still in progress.
    server = await spawnServer(['--shutdown-timeout', '60000']);
    const stuck = await connectClient(server.port);
    await stuck.hello('stuck');
    stuck.socket.pause();
    server.signal('SIGTERM');
    server.signal('SIGINT');
    const exit = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.logs.map((l) => l.msg)).toContain('second signal: exiting now');
  });
});
