import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { MessageFrame, ServerFrame } from '../../src/protocol.js';
import { closeAllClients, NativeClient } from '../helpers/native-client.js';
import { killAll, MAIN, startServer, type ServerProcess } from '../helpers/processes.js';

/**
 * [EVENT-LOG] The durable server through the real program: a SQLite data directory in a temporary
 * folder, the server stopped by SIGTERM or killed by SIGKILL, started again on the same directory.
 */
const WAIT = 15_000;
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-durable-'));
  dirs.push(dir);
  return dir;
};

afterEach(async () => {
  await closeAllClients();
  await killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const serve = (dir: string, extra: readonly string[] = []) => startServer(['--data', dir, '--flood-rate', '0', ...extra], WAIT);

/** `rxchat export` of a directory as parsed NDJSON rows. */
function exported(dir: string, ...extra: string[]): { id: number; room: string | null; from: string; text: string }[] {
  const run = spawnSync(process.execPath, [MAIN, 'export', '--data', dir, '--format', 'ndjson', ...extra], { encoding: 'utf8', timeout: WAIT });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: number; room: string | null; from: string; text: string });
}

async function stop(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  server.process.kill(signal);
  await server.exit(WAIT);
}

describe('[EVENT-LOG] nothing acknowledged is lost, by a restart or a kill -9', () => {
  test('kill -9 in the middle of a flood from three senders: every acknowledged message is archived once, in id order, and so is every message anyone received', async () => {
    const dir = dataDir();
    const server = await serve(dir);
    const listener = await NativeClient.join(server.port, 'listener');
    const senders = await Promise.all(['sender1', 'sender2', 'sender3'].map((nick) => NativeClient.join(server.port, nick)));
    const PER_SENDER = 400;
    for (const [i, sender] of senders.entries()) {
      // Unpaced: every message at once, as a script would.
      for (let n = 0; n < PER_SENDER; n++) sender.send({ type: 'say', text: `m ${i} ${n}`, ref: `r${n}` });
    }
    await listener.waitFor((f) => f.type === 'message' && f.text.startsWith('m ') && Number(f.text.split(' ')[2]) > 50, WAIT, 'the flood under way');
    await stop(server, 'SIGKILL');
    const acked = senders.flatMap((s) => s.frames.items.filter((f): f is Extract<ServerFrame, { type: 'ack' }> => f.type === 'ack').map((f) => f.id));
    const received = listener.frames.items.filter((f): f is MessageFrame => f.type === 'message').map((f) => f.id);
    expect(acked.length).toBeGreaterThan(0);

    const rows = exported(dir).filter((r) => r.room === '#lobby');
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const archived = new Set(ids);
    expect(acked.filter((id) => !archived.has(id))).toEqual([]);
    expect(received.filter((id) => !archived.has(id))).toEqual([]);

    // The next boot goes on from there: ids keep growing, nothing is said twice.
    const again = await serve(dir);
    const late = await NativeClient.join(again.port, 'late');
    late.send({ type: 'say', text: 'after the crash', ref: 'z' });
    const ack = await late.waitFor((f) => f.type === 'ack', WAIT, 'the ack after restart');
    expect(ack.type === 'ack' && ack.id).toBeGreaterThan(Math.max(...ids));
  });

  test('after SIGTERM and a new start: topic, lock, history and mutes are back; a session resumes silently; the rest leave at the end of the grace', async () => {
    const dir = dataDir();
    const opers = join(dir, '..', `oper-${process.pid}-${Date.now()}`);
    writeFileSync(opers, 'sesame');
    dirs.push(opers);
    const server = await serve(dir, ['--oper-secret-file', opers, '--resume-grace', '3']);
    const alice = await NativeClient.join(server.port, 'alice');
    const welcome = alice.frames.items.find((f) => f.type === 'welcome');
    const secret = welcome?.type === 'welcome' ? welcome.resume : undefined;
    expect(secret).toEqual(expect.any(String));
    await NativeClient.join(server.port, 'bob');
    alice.send({ type: 'oper', secret: 'sesame' });
    alice.send({ type: 'join', room: '#dev' });
    alice.send({ type: 'topic', room: '#dev', text: 'release on friday' });
    alice.send({ type: 'lock-topic', room: '#dev', locked: true });
    alice.send({ type: 'say', room: '#dev', text: 'remember me', ref: 'a1' });
    alice.send({ type: 'mute', nick: 'bob', durationMs: 3_600_000 });
    await alice.waitFor((f) => f.type === 'ack', WAIT, 'the ack of a1');
    await alice.waitFor((f) => f.type === 'info' && /muted/.test(f.text), WAIT, 'the mute confirmed');
    await stop(server, 'SIGTERM');

    const again = await serve(dir, ['--oper-secret-file', opers, '--resume-grace', '3']);
    const back = await NativeClient.connect(again.port);
    back.send({ type: 'hello', version: 1, nick: 'alice', resume: secret! });
    const resumed = await back.waitFor((f) => f.type === 'welcome', WAIT, 'the resumed welcome');
    expect(resumed).toMatchObject({ nick: 'alice', resumed: true });
    const room = await back.waitFor((f) => f.type === 'room' && f.room === '#dev', WAIT, 'the #dev room frame');
    expect(room).toMatchObject({ topic: 'release on friday', topicLocked: true });
    await back.waitFor((f) => f.type === 'message' && f.text === 'remember me' && f.history === true, WAIT, 'the history of #dev');
    // Still an operator: an operator-only command works without /oper again.
    back.send({ type: 'lock-topic', room: '#dev', locked: false });
    await back.waitFor((f) => f.type === 'topic' && !f.locked, WAIT, 'the topic unlocked by the resumed operator');

    // bob does not come back: when the grace ends, he leaves, and alice reads it once.
    await back.waitFor((f) => f.type === 'left' && f.nick === 'bob', WAIT, 'bob leaving at the end of the grace');
    expect(back.frames.items.filter((f) => f.type === 'joined' || (f.type === 'left' && f.nick === 'alice'))).toEqual([]);
    // The mute is on the nickname, so it outlives its holder's session.
    const bob2 = await NativeClient.join(again.port, 'bob');
    bob2.send({ type: 'say', text: 'can I talk?', ref: 'b1' });
    await bob2.waitFor((f) => f.type === 'error' && f.code === 'MUTED', WAIT, 'the mute kept');

  });
});

describe('[EVENT-LOG] bans outlive a restart', () => {
  test('a ban (nickname and host) set before a kill -9 still refuses after it', async () => {
    const dir = dataDir();
    const opers = join(dir, '..', `oper-${process.pid}-${Date.now()}`);
    writeFileSync(opers, 'sesame');
    dirs.push(opers);
    const server = await serve(dir, ['--oper-secret-file', opers]);
    const boss = await NativeClient.join(server.port, 'boss');
    const troll = await NativeClient.join(server.port, 'troll');
    boss.send({ type: 'oper', secret: 'sesame' });
    boss.send({ type: 'ban', nick: 'troll', durationMs: 3_600_000 });
    await troll.closed;
    await stop(server, 'SIGKILL');
    const again = await serve(dir, ['--oper-secret-file', opers]);
    const back = await NativeClient.connect(again.port);
    back.send({ type: 'hello', version: 1, nick: 'troll' });
    await back.waitFor((f) => f.type === 'error' && f.code === 'BANNED', WAIT, 'the ban kept');
  });
});

describe('[STORAGE-REFUSE] a data directory the server cannot use stops it with the reason, exit 1', () => {
  const refuses = async (dir: string, pattern: RegExp) => {
    const run = spawnSync(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--irc-port', '0', '--http-port', '0', '--data', dir], { encoding: 'utf8', timeout: WAIT });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(pattern);
  };

  test('a second server on the same directory', async () => {
    const dir = dataDir();
    await serve(dir);
    await refuses(dir, /cannot use the data directory .*(lock|another|running)/i);
  });

  test('a file that is not an rxchat database, and a corrupt one', async () => {
    const foreign = dataDir();
    writeFileSync(join(foreign, 'rxchat.db'), 'this is not a database at all '.repeat(200));
    await refuses(foreign, /cannot use the data directory/);
    const other = dataDir();
    const made = spawnSync('node', ['-e', `const D=require(${JSON.stringify(join(process.cwd(), 'node_modules/better-sqlite3'))});const d=new D(${JSON.stringify(join(other, 'rxchat.db'))});d.exec('create table t(x)');d.close()`], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    await refuses(other, /cannot use the data directory/);
  });

  test('a directory it cannot write', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a path under a regular file cannot be a directory for anyone.
      const file = join(dataDir(), 'plain-file');
      writeFileSync(file, 'x');
      await refuses(join(file, 'data'), /cannot use the data directory/);
      return;
    }
    const dir = dataDir();
    chmodSync(dir, 0o500);
    await refuses(join(dir, 'data'), /cannot use the data directory/);
  });
});


