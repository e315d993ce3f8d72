/**
 * [BENCH-CLUSTER] The bench's own redis-server: on 127.0.0.1, a free port, a fresh temporary
 * directory, AOF with `appendfsync everysec` (as docs/architecture.md asks of a deployment), no
 * RDB saves. Stopped by its PID (SIGTERM, then SIGKILL), its directory removed. Never a system Redis.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, readProcStats, type ProcStats } from '../server-process.js';

export interface RedisProcess {
  readonly url: string;
  readonly pid: number;
  stats(): ProcStats;
  /** Commands Redis has run so far, by name (INFO commandstats), e.g. { xadd: 5000, xread: 4100 }. */
  commandCalls(): Promise<Readonly<Record<string, number>>>;
  stop(): Promise<void>;
}

const READY_MS = 10_000;

/** Starts one redis-server and resolves once it answers PING (at most 10 s, 3 ports tried). */
export async function startRedisProcess(): Promise<RedisProcess> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-bench-redis-'));
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no', '--logfile', ''], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()).once('error', () => resolve()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    if (await ready(port, () => child.exitCode !== null)) {
      const pid = child.pid!;
      return { url: `redis://127.0.0.1:${port}`, pid, stats: () => readProcStats(pid), commandCalls: () => commandCalls(port), stop };
    }
    await stop();
  }
  throw new Error('redis-server did not start on a free loopback port in 3 attempts (is it installed? apt-get install redis-server)');
}

/** Polls PING until +PONG, the process exits, or READY_MS pass. */
async function ready(port: number, gone: () => boolean): Promise<boolean> {
  const deadline = Date.now() + READY_MS;
  while (!gone() && Date.now() < deadline) {
    if (await ping(port)) return true;
    await sleep(50);
  }
  return false;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('+PONG')));
  });
}

/** INFO commandstats over a raw socket (the bench depends on no Redis client), parsed into calls per command. */
function commandCalls(port: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(5_000, () => (socket.destroy(), reject(new Error('INFO commandstats: no answer within 5 s'))));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('INFO commandstats\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      const length = /^\$(\d+)\r\n/.exec(reply);
      if (!length || Buffer.byteLength(reply, 'latin1') < length[0].length + Number(length[1])) return;
      socket.destroy();
      const calls: Record<string, number> = {};
      for (const [, name, n] of reply.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[name!] = Number(n);
      resolve(calls);
    });
  });
}
