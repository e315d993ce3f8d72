import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MAIN_JS, spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient } from './helpers/wire-client.js';

/**
 * [TLS] and [PASSWORD] against the real programs (`serve` and `join --plain`), and logs that carry
 * no message text. The certificate is made here with openssl, for this run only.
 */

let dir: string;
let cert: string;
let key: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxchat-attack-'));
  cert = join(dir, 'c.pem');
  key = join(dir, 'k.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore', timeout: 20_000 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: Served | undefined;
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  closeAllClients();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.kill();
  server = undefined;
});

/** `rxchat join --plain` as a child: lines in on stdin, lines out on stdout, bounded waits. */
function joinPlain(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN_JS, 'join', '--plain', ...args], { env: { ...process.env, RXCHAT_PASSWORD: '', ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    say: (line: string) => child.stdin.write(line + '\n'),
    /** Waits for `text` on stdout or stderr (status lines go to stderr, [PLAIN-LINES]). */
    async waitOut(text: string, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!(out + err).includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" within ${ms} ms; stdout: ${out}; stderr: ${err}`);
        if (child.exitCode !== null) throw new Error(`join exited ${child.exitCode} before "${text}"; stdout: ${out}; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

const bounded = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

describe('[TLS] serve --tls-cert --tls-key', () => {
  test('two `join --tls --ca` clients chat; a plain TCP client gets nothing and is dropped', async () => {
    server = await spawnServer(['--tls-cert', cert, '--tls-key', key]);
    const port = String(server.port);
    const ann = joinPlain(['--tls', '--ca', cert, '--nick', 'ann', '--port', port]);
    await ann.waitOut('connected as');
    const bea = joinPlain(['--tls', '--ca', cert, '--nick', 'bea', '--port', port]);
    await bea.waitOut('connected as');
    await ann.waitOut('* bea joined');
    bea.say('hello over tls');
    await ann.waitOut('bea: hello over tls');
    ann.say('and back');
    await bea.waitOut('ann: and back');

    const plain = await connectClient(server.port);
    plain.send({ type: 'hello', version: 1, nick: 'sniffer' });
    await plain.waitClosed('plain client on a TLS port');
    expect(plain.frames).toEqual([]);
    expect(server.output()).not.toContain('sniffer');

    ann.say('/quit');
    expect(await bounded(ann.exited, 10_000, 'ann exits')).toBe(0);
  });

  test('a native TLS client trusting the CA registers; `join --tls` without the CA refuses the self-signed server', async () => {
    server = await spawnServer(['--tls-cert', cert, '--tls-key', key]);
    const client = await connectClient(server.port, { tls: { ca: readFileSync(cert, 'utf8') } });
    await client.hello('tlsuser');
    const untrusting = joinPlain(['--tls', '--nick', 'naive', '--port', String(server.port)]);
    expect(await bounded(untrusting.exited, 10_000, 'join without --ca')).toBe(1);
    expect(untrusting.stderr()).toMatch(/SELF_SIGNED|certificate/i);
  });
});

describe('[TLS] slowloris before the TLS handshake', () => {
  test('a TCP connection to the TLS port that never starts the handshake is closed by the handshake timeout', async () => {
    server = await spawnServer(['--tls-cert', cert, '--tls-key', key, '--handshake-timeout', '300']);
    const silent = await connectClient(server.port); // plain TCP: no ClientHello, ever
    await silent.waitClosed('silent TCP connection on the TLS port', 5_000);
    const trickler = await connectClient(server.port);
    // The first bytes of a ClientHello record, then nothing more.
    trickler.write(Buffer.from([0x16, 0x03, 0x01]));
    await trickler.waitClosed('half a ClientHello', 5_000);
  });
});

describe('[PASSWORD] a server password', () => {
  test('RXCHAT_PASSWORD: the right one joins, a wrong or missing one gets BAD_PASSWORD (fatal) and is closed', async () => {
    server = await spawnServer([], { RXCHAT_PASSWORD: 'correct horse' });
    const good = await connectClient(server.port);
    await good.hello('member', { password: 'correct horse' });
    for (const password of ['wrong', undefined, '', 'correct horsf', 'correct horse ']) {
      const bad = await connectClient(server.port);
      bad.send({ type: 'hello', version: 1, nick: 'intruder', ...(password === undefined ? {} : { password }) });
      await bad.waitClosed(`password ${JSON.stringify(password)}`);
      expect(bad.errors()).toEqual([expect.objectContaining({ code: 'BAD_PASSWORD', fatal: true })]);
    }
    expect(good.frames.some((f) => f.type === 'joined')).toBe(false);
  });

  test('a wrong password is refused before any nickname check: NICK_TAKEN and NICK_INVALID are never revealed', async () => {
    server = await spawnServer([], { RXCHAT_PASSWORD: 's3cret' });
    const owner = await connectClient(server.port);
    await owner.hello('boss', { password: 's3cret' });
    for (const nick of ['boss', 'BOSS', 'x', 'bad nick!']) {
      const prober = await connectClient(server.port);
      prober.send({ type: 'hello', version: 1, nick, password: 'guess' });
      await prober.waitClosed(`probe ${nick}`);
      expect(prober.errors().map((e) => e['code'])).toEqual(['BAD_PASSWORD']);
    }
  });

  test('the legacy protocol is no way around the password: a bare nickname is refused and closed', async () => {
    server = await spawnServer([], { RXCHAT_PASSWORD: 'members only' });
    const owner = await connectClient(server.port);
    await owner.hello('insider', { password: 'members only' });
    const legacy = await connectClient(server.port);
    legacy.write('oldie');
    await legacy.waitClosed('legacy client on a password server');
    expect(legacy.lines.join('\n')).not.toContain('TRUE');
    expect(owner.frames.some((f) => f.type === 'joined')).toBe(false);
  });

  test('--password-file, and `join --plain` with RXCHAT_PASSWORD', async () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from a file\n');
    server = await spawnServer(['--password-file', file]);
    const port = String(server.port);
    const ok = joinPlain(['--nick', 'filed', '--port', port], { RXCHAT_PASSWORD: 'from a file' });
    await ok.waitOut('connected as');
    const wrong = joinPlain(['--nick', 'guesser', '--port', port], { RXCHAT_PASSWORD: 'nope' });
    expect(await bounded(wrong.exited, 10_000, 'join with a wrong password')).not.toBe(0);
    expect(wrong.stderr() + wrong.stdout()).toMatch(/password/i);
    expect(ok.stdout()).not.toContain('guesser');
  });
});

describe('logs', () => {
  test('at info level the log holds no message text, topic, away reason or password', async () => {
    server = await spawnServer(['--log-level', 'info'], { RXCHAT_PASSWORD: 'pw-in-env' });
    const a = await connectClient(server.port);
    await a.hello('logger', { password: 'pw-in-env' });
    await a.say('private words 4711', 'l1');
    a.send({ type: 'topic', room: '#lobby', text: 'topic words 4712' });
    a.send({ type: 'away', reason: 'away words 4713' });
    a.send({ type: 'quit', reason: 'quit words 4714' });
    await a.waitClosed('logger quits');
    await server.waitForLog((l) => l.msg === 'connection closed', 'connection closed');
    const log = server.output();
    for (const secret of ['4711', '4712', '4713', '4714', 'pw-in-env']) expect(log).not.toContain(secret);
    expect(server.logs.length).toBeGreaterThan(2);
    expect(server.logs.every((l) => typeof l.level === 'number' && typeof l.msg === 'string')).toBe(true);
  });
});
