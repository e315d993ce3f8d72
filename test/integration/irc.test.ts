import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ircAdapter } from '../../streams/adapters/irc-adapter.js';
import { boundTo } from '../../streams/adapters/registry.js';
import { IRC_FRAME_MAX } from '../../src/irc/irc-message.js';
import { startIrcServer, stopIrcServers } from '../helpers/irc-server.js';
import { closeAllIrc, IrcSocket } from '../helpers/irc-socket.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { killAll, MAIN, spawnChild, startServer } from '../helpers/processes.js';

/** [IRC] The IRC listener on real sockets (127.0.0.1, port 0) next to native clients. */
const WAIT = 5_000;

afterEach(async () => {
  await killAll();
  await closeAllIrc();
  await closeAllClients();
  stopIrcServers();
});

describe('[IRC] on a real socket', () => {
  test('registers with CAP and server-time, is in #lobby with a native user, and chats both ways', async () => {
    const server = await startIrcServer();
    const bob = await NativeClient.join(server.port, 'bob');
    const alice = await IrcSocket.register(server.ircPort, 'alice', ['server-time', 'echo-message']);
    expect(alice.lines.items.some((l) => l === ':rxchat 353 alice = #lobby :bob alice' || l === ':rxchat 353 alice = #lobby :alice bob')).toBe(true);
    await bob.waitFor(is.joined('alice'), WAIT, 'alice joined');

    alice.send('PRIVMSG #lobby :hello \x02bob\x02');
    await bob.waitFor(is.message('alice', 'hello bob'), WAIT, "alice's message, formatting stripped");
    await alice.waitFor((l) => /^@time=\S+ :alice!alice@rxchat PRIVMSG #lobby :hello \x02bob\x02$/.test(l), WAIT, 'the echo');

    bob.send({ type: 'say', text: 'hi alice', kind: 'action' });
    await alice.waitFor((l) => /^@time=\S+ :bob!bob@rxchat PRIVMSG #lobby :\x01ACTION hi alice\x01$/.test(l), WAIT, "bob's /me");
  });

  test('[IRC-ORDER] the answers to JOIN, MODE and WHO come before the PONG of a later PING', async () => {
    const server = await startIrcServer();
    const alice = await IrcSocket.register(server.ircPort, 'alice');
    const from = alice.lines.items.length;
    alice.send('JOIN #dev', 'MODE #dev', 'WHO #dev', 'PING :sync');
    await alice.waitFor((l) => l === ':rxchat PONG rxchat :sync', WAIT, 'the PONG');
    expect(alice.since(from)).toEqual([
      ':alice!alice@rxchat JOIN :#dev',
      ':rxchat 353 alice = #dev :alice',
      ':rxchat 366 alice #dev :End of /NAMES list',
      ':rxchat 324 alice #dev :+n',
      expect.stringMatching(/^:rxchat 329 alice #dev :\d+$/),
      ':rxchat 352 alice #dev alice rxchat rxchat alice H :0 alice',
      ':rxchat 315 alice #dev :End of /WHO list',
      ':rxchat PONG rxchat :sync',
    ]);
  });

  test('[IRC-WHO] [NAMES-MARKS] members who set /away before the asker joined are G in WHO #c and WHOX; back, H again', async () => {
    const server = await startIrcServer();
    const bob = await IrcSocket.register(server.ircPort, 'bob');
    bob.send('JOIN #dev', 'AWAY :lunch');
    await bob.waitFor((l) => l === ':rxchat 306 bob :You have been marked as being away', WAIT, "bob's 306");
    const carol = await NativeClient.join(server.port, 'carol');
    carol.send({ type: 'join', room: '#dev' });
    carol.send({ type: 'away', reason: 'meeting' });
    await carol.waitFor((f) => f.type === 'info' && f.text.startsWith('you are marked away'), WAIT, "carol's away");

    const alice = await IrcSocket.register(server.ircPort, 'alice');
    alice.send('JOIN #dev');
    await alice.waitFor((l) => l === ':rxchat 366 alice #dev :End of /NAMES list', WAIT, 'the #dev names');
    let from = alice.lines.items.length;
    alice.send('WHO #dev', 'WHO #dev %tnf,7');
    await alice.sync('who');
    const flags = (lines: string[]) => lines.filter((l) => / 35[24] alice /.test(l)).map((l) => l.replace(/^:rxchat (35[24]) alice /, '$1 ')).sort();
    expect(flags(alice.since(from))).toEqual([
      '352 #dev alice rxchat rxchat alice H :0 alice', '352 #dev bob rxchat rxchat bob G :0 bob', '352 #dev carol rxchat rxchat carol G :0 carol',
      '354 7 alice :H', '354 7 bob :G', '354 7 carol :G',
    ]);

    bob.send('AWAY');
    await bob.waitFor((l) => l === ':rxchat 305 bob :You are no longer marked as being away', WAIT, "bob's 305");
    from = alice.lines.items.length;
    alice.send('WHO #dev');
    await alice.sync('again');
    expect(flags(alice.since(from))).toEqual([
      '352 #dev alice rxchat rxchat alice H :0 alice', '352 #dev bob rxchat rxchat bob H :0 bob', '352 #dev carol rxchat rxchat carol G :0 carol',
    ]);
  });

  test('one QUIT for a native user who shared two channels, and ERROR on QUIT', async () => {
    const server = await startIrcServer();
    const alice = await IrcSocket.register(server.ircPort, 'alice');
    const bob = await NativeClient.join(server.port, 'bob');
    alice.send('JOIN #two');
    bob.send({ type: 'join', room: '#two' });
    await alice.waitFor((l) => l === ':bob!bob@rxchat JOIN :#two', WAIT, 'bob in #two');
    bob.destroy();
    await alice.waitFor((l) => l.startsWith(':bob!bob@rxchat QUIT '), WAIT, "bob's QUIT");
    await alice.sync('after');
    expect(alice.lines.items.filter((l) => l.startsWith(':bob!bob@rxchat QUIT ')).length).toBe(1);
    alice.send('QUIT :done');
    await alice.waitFor((l) => l.startsWith('ERROR :Closing link'), WAIT, 'ERROR');
    await alice.closed;
  });

  test('hostile input harms nobody: injection, NUL, garbage, over-long lines; the peer stays', async () => {
    const server = await startIrcServer();
    const bob = await NativeClient.join(server.port, 'bob');
    const carol = await IrcSocket.register(server.ircPort, 'carol');
    const mallory = await IrcSocket.register(server.ircPort, 'mallory');
    mallory.write('PRIVMSG #lobby :a\rQUIT :fake\r\n');
    mallory.write('PRIVMSG #lobby :nul\0byte\r\n\xff\xfe garbage\r\n');
    mallory.send(`PRIVMSG #lobby :${'z'.repeat(600)}`, 'NOTACOMMAND x', 'PRIVMSG #lobby :still here');
    await carol.waitFor((l) => l === ':mallory!mallory@rxchat PRIVMSG #lobby :still here', WAIT, "mallory's last line");
    await bob.waitFor(is.message('mallory', 'still here'), WAIT, "mallory's last line");
    expect(carol.lines.items.filter((l) => l.includes('QUIT') || l.includes('nul'))).toEqual([]);
    expect(mallory.lines.items.some((l) => / 417 mallory :/.test(l))).toBe(true);
    expect(mallory.lines.items.some((l) => / 421 mallory /.test(l))).toBe(true);
  });

  test('[IRC-LINE-MAX] a line longer than tags and body together is never buffered: 417 and ERROR, the others stay', async () => {
    const server = await startIrcServer();
    const carol = await IrcSocket.register(server.ircPort, 'carol');
    const mallory = await IrcSocket.register(server.ircPort, 'mallory');
    mallory.write(`PRIVMSG #lobby :${'x'.repeat(IRC_FRAME_MAX + 100)}\r\n`);
    await mallory.waitFor((l) => l.startsWith('ERROR :Closing link'), WAIT, 'the ERROR');
    await mallory.closed;
    await carol.waitFor((l) => l.startsWith(':mallory!mallory@rxchat QUIT '), WAIT, "mallory's QUIT");
    await carol.sync('alive');
  });

  test('[IDLE] an idle IRC peer is pinged with PING and kept when it answers PONG', async () => {
    const server = await startIrcServer({ idleTimeoutMs: 200, pongTimeoutMs: 2_000 });
    const alice = await IrcSocket.register(server.ircPort, 'alice');
    const ping = await alice.waitFor((l) => l.startsWith('PING :'), WAIT, 'the server PING');
    alice.send(`PONG ${ping.slice(5)}`);
    await alice.sync('still');
  });

  test('[HANDSHAKE-TIMEOUT] a peer that never registers is told and closed', async () => {
    const server = await startIrcServer({ handshakeTimeoutMs: 200 });
    const idle = await IrcSocket.connect(server.ircPort);
    idle.send('NICK lazy');
    await idle.waitFor((l) => l.startsWith('ERROR :Closing link'), WAIT, 'the ERROR');
    await idle.closed;
  });
});

describe('[IRC] TLS and the command line', () => {
  test('--irc-tls-port: IRC over TLS onto the same rooms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-irc-tls-'));
    try {
      const cert = join(dir, 'c.pem');
      const key = join(dir, 'k.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore', timeout: 20_000 });
      const tls = { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8'), handshakeTimeoutMs: 5_000 };
      const server = await startIrcServer({ listeners: [{ host: '127.0.0.1', port: 0, tls, protocol: boundTo(ircAdapter) }] });
      const bob = await NativeClient.join(server.port, 'bob');
      const alice = await IrcSocket.connectTls(server.ircPort);
      alice.send('NICK alice', 'USER alice 0 * :A', 'PRIVMSG #lobby :over tls');
      await bob.waitFor(is.message('alice', 'over tls'), WAIT, 'the message over TLS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test('rxchat serve --irc-port P listens for IRC and logs it; --irc-tls-port needs a certificate', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const server = await startServer(['--irc-port', String(free)]);
    await server.logs.waitFor((l) => l['msg'] === 'listening' && l['protocol'] === 'irc' && l['port'] === free, WAIT, 'the IRC listening line');
    const alice = await IrcSocket.register(free, 'alice');
    await alice.sync('cli');
    const refused = spawnChild(process.execPath, [MAIN, 'serve', '--port', '0', '--irc-port', '0', '--irc-tls-port', '6697']);
    expect((await refused.exit(WAIT)).code).toBe(1);
    expect(refused.stderr.items.join('\n')).toContain('--irc-tls-port needs --tls-cert and --tls-key');
  }, 30_000);
});
