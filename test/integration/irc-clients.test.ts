import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { startIrcServer, stopIrcServers } from '../helpers/irc-server.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { killAll, spawnChild } from '../helpers/processes.js';
import { TmuxTerminal, waitUntil } from '../tui/tui-harness.js';

/**
 * [IRC] Real IRC clients from Debian (installed by .ci/run): `ii` scripted through its files, and
 * irssi in tmux, in #lobby with a native client and the original Python client.
 */
const WAIT = 10_000;
const PYTHON_CLIENT = fileURLToPath(new URL('../fixtures/original_client.py', import.meta.url));
const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const dirs: string[] = [];
const terminals: TmuxTerminal[] = [];

afterEach(async () => {
  terminals.splice(0).forEach((t) => t.kill());
  await killAll();
  await closeAllClients();
  stopIrcServers();
  // A client killed a moment ago may still be writing its files: retry a busy directory (bounded).
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Waits (bounded) until the file exists and a line of it matches. */
function fileLine(path: string, pattern: RegExp): Promise<string> {
  return waitUntil(`${pattern} in ${path}`, () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').find((l) => pattern.test(l)) : undefined), WAIT);
}

describe.skipIf(!has('ii'))('[IRC] ii, the file-based client', () => {
  test('chats both ways with a native client and the original Python client, and leaves', async () => {
    const server = await startIrcServer();
    const dir = tempDir('rxchat-ii-');
    spawnChild('ii', ['-s', '127.0.0.1', '-p', String(server.ircPort), '-n', 'iiuser', '-i', dir, '-f', 'ii user']);
    const lobby = join(dir, '127.0.0.1', '#lobby');
    await fileLine(join(lobby, 'out'), /iiuser\(iiuser@rxchat\) has joined #lobby/);

    const bob = await NativeClient.join(server.port, 'bob');
    const py = spawnChild('python3', ['-u', PYTHON_CLIENT, '127.0.0.1', String(server.port)], { TERM: 'dumb' });
    await py.stdout.waitFor((l) => l.includes('Enter a nickname'), WAIT, 'the nickname prompt');
    py.line('pyuser');
    await fileLine(join(lobby, 'out'), /pyuser\(pyuser@rxchat\) has joined #lobby/);

    writeFileSync(join(lobby, 'in'), 'hello from ii\n');
    await bob.waitFor(is.message('iiuser', 'hello from ii'), WAIT, "ii's message at bob");
    await py.stdout.waitFor((l) => l.includes('iiuser: hello from ii'), WAIT, "ii's message at the original client");

    bob.send({ type: 'say', text: 'hi ii, from bob' });
    await fileLine(join(lobby, 'out'), /<bob> hi ii, from bob$/);
    py.line('hello from python');
    await fileLine(join(lobby, 'out'), /<pyuser> hello from python$/);

    writeFileSync(join(dir, '127.0.0.1', 'in'), '/q gone\n');
    await bob.waitFor(is.left('iiuser', 'quit'), WAIT, 'ii quit');
    expect(readFileSync(join(lobby, 'out'), 'utf8')).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
  }, 40_000);
});

describe.skipIf(!has('irssi') || !has('tmux'))('[IRC] irssi in a terminal', () => {
  test('connects, joins #lobby (synced), sees members and messages, /me, a KICK, /part', async () => {
    const server = await startIrcServer({ operSecret: 'opensesame' });
    const bob = await NativeClient.join(server.port, 'bob');
    const home = tempDir('rxchat-irssi-');
    // irssi paces its own commands (one per 2.2 s after five); the test lifts that, as a user may.
    writeFileSync(join(home, 'config'), 'settings = { core = { real_name = "Alice"; user_name = "alice"; }; "irc/core" = { cmd_queue_speed = "10msec"; cmds_max_at_once = "50"; }; };\n');
    const irssi = new TmuxTerminal(`LANG=C.UTF-8 TERM=screen irssi --home=${home} -n alice -c 127.0.0.1 -p ${server.ircPort}`, 100, 30);
    terminals.push(irssi);
    await bob.waitFor(is.joined('alice'), WAIT, 'alice joined');
    await irssi.waitFor(/Act: 2/, WAIT);
    irssi.type('/window 2');
    // irssi calls a channel synced only once MODE, MODE b and WHO have all been answered.
    await irssi.waitFor(/Join to #lobby was synced/, WAIT);
    irssi.type('/names');
    await irssi.waitFor(/\[.?alice\].*\[.?bob\]|\[.?bob\].*\[.?alice\]/, WAIT);

    irssi.type('hello from irssi');
    await bob.waitFor(is.message('alice', 'hello from irssi'), WAIT, "irssi's message");
    bob.send({ type: 'say', text: 'hi irssi' });
    await irssi.waitFor(/<.?bob> hi irssi/, WAIT);

    irssi.type('/me waves');
    await bob.waitFor((f) => f.type === 'message' && f.from === 'alice' && f.text === 'waves' && f.kind === 'action', WAIT, "irssi's /me");
    bob.send({ type: 'say', text: 'waves back', kind: 'action' });
    await irssi.waitFor(/\* bob waves back/, WAIT);

    // [IRC-KICK] A kick by a native operator reads as irssi's own kick line, with who and why.
    const carl = await NativeClient.join(server.port, 'carl');
    await irssi.waitFor(/carl .*has joined #lobby/, WAIT);
    bob.send({ type: 'oper', secret: 'opensesame' });
    bob.send({ type: 'kick', nick: 'carl', reason: 'spam' });
    await irssi.waitFor(/carl was kicked from #lobby by bob \[spam\]/, WAIT);
    await carl.closed;

    irssi.type('/part #lobby');
    await bob.waitFor(is.left('alice', 'part'), WAIT, 'alice parted');
    irssi.type('/quit');
  }, 40_000);
});

describe.skipIf(!has('weechat-headless'))('[IRC] WeeChat (headless, driven through its FIFO)', () => {
  test('connects, negotiates its capabilities (away-notify among them), chats both ways, /me, a KICK, and quits', async () => {
    const server = await startIrcServer({ operSecret: 'opensesame' });
    const bob = await NativeClient.join(server.port, 'bob');
    const dir = tempDir('rxchat-weechat-');
    const setup = ['/set logger.file.flush_delay 0', '/set irc.server_default.nicks weeuser', '/set irc.server_default.username weeuser',
      `/server add rx 127.0.0.1/${server.ircPort} -notls`, '/connect rx'].join(';');
    spawnChild('weechat-headless', ['--dir', dir, '-r', setup], { TERM: 'dumb' });
    await bob.waitFor(is.joined('weeuser'), WAIT, 'weeuser joined');
    const serverLog = join(dir, 'logs', 'irc.server.rx.weechatlog');
    await fileLine(serverLog, /client capability, enabled: .*away-notify.*server-time/);
    const fifo = await waitUntil('the WeeChat FIFO', () => readdirSync(dir).find((f) => f.startsWith('weechat_fifo_')), WAIT);
    const say = (line: string) => writeFileSync(join(dir, fifo), `irc.rx.#lobby *${line}\n`);

    say('hello from weechat');
    await bob.waitFor(is.message('weeuser', 'hello from weechat'), WAIT, "WeeChat's message");
    say('/me waves');
    await bob.waitFor((f) => f.type === 'message' && f.from === 'weeuser' && f.text === 'waves' && f.kind === 'action', WAIT, "WeeChat's /me");
    bob.send({ type: 'say', text: 'hi weechat' });
    await fileLine(join(dir, 'logs', 'irc.rx.#lobby.weechatlog'), /\tbob\thi weechat$/);
    // [IRC-KICK] WeeChat's own kick line, with who and why.
    const carl = await NativeClient.join(server.port, 'carl');
    bob.send({ type: 'oper', secret: 'opensesame' });
    bob.send({ type: 'kick', nick: 'carl', reason: 'spam' });
    await fileLine(join(dir, 'logs', 'irc.rx.#lobby.weechatlog'), /\tbob has kicked carl \(spam\)$/);
    await carl.closed;
    say('/quit');
    await bob.waitFor(is.left('weeuser', 'quit'), WAIT, 'WeeChat quit');
  }, 40_000);
});
