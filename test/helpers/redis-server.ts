import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { tempDir } from './temp-dirs.js';

/** A `redis-server` that a test started, on 127.0.0.1, with its own temporary directory. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops it gracefully (if running) and starts it again on the same port and dir (the AOF is reloaded). */
  restart(): Promise<void>;
  /** SIGKILL: no shutdown, the AOF keeps what `everysec` had synced. */
  kill9(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s), and waits for the exit. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;
const running = new Set<RedisServer>();

/** A port free on 127.0.0.1 now (bound to 0, then released); `startRedis` retries if another takes it first. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether a Redis answers PING on `port` (raw RESP, so the helper depends on no client library). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

interface Started {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  readonly output: string[];
}

function spawnRedis(port: number, dir: string, appendonly: boolean): Started {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', appendonly ? 'yes' : 'no', '--appendfsync', 'everysec', '--daemonize', 'no', '--logfile', ''];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => void output.push(...chunk.toString('utf8').split('\n').filter(Boolean).slice(-20));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()).once('error', (error) => { output.push(String(error)); resolve(); }));
  return { process: child, exited, output };
}

/** Waits (bounded) until it answers PING; false when it exited first (a port taken, for one). */
async function waitReady(started: Started, port: number): Promise<boolean> {
  let gone = false;
  void started.exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!gone && Date.now() < deadline) {
    if (await ping(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!gone) await stopProcess(started);
  return false;
}

/** Stops the process this helper started, by its PID: SIGTERM, then SIGKILL after a timeout. */
async function stopProcess(started: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const child = started.process;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
  if ((await Promise.race([started.exited, late])) === 'late') process.kill(child.pid, 'SIGKILL');
  clearTimeout(timer);
  await started.exited;
}

/**
 * Starts `redis-server` on a free loopback port with a fresh temporary directory, no RDB saves and
 * AOF as asked (`appendfsync everysec`), and resolves once it answers PING. Never uses a system
 * Redis. `stopAllRedis()` in `afterEach` stops every one still running.
 */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const appendonly = options.appendonly ?? false;
  const dir = tempDir('rxchat-redis-');
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort();
    let started = spawnRedis(port, dir, appendonly);
    if (!(await waitReady(started, port))) continue;
    const startAgain = async () => {
      for (let again = 1; again <= 20; again++) {
        started = spawnRedis(port, dir, appendonly);
        if (await waitReady(started, port)) return;
        await new Promise((resolve) => setTimeout(resolve, 100)); // the port may linger a moment
      }
      throw new Error(`redis-server did not start again on port ${port}: ${started.output.join(' | ')}`);
    };
    const server: RedisServer = {
      url: `redis://127.0.0.1:${port}`,
      port,
      dir,
      restart: async () => { await stopProcess(started); await startAgain(); running.add(server); },
      kill9: () => stopProcess(started, 'SIGKILL'),
      stop: async () => { await stopProcess(started); running.delete(server); },
    };
    running.add(server);
    return server;
  }
  throw new Error('redis-server did not start on a free loopback port in 5 attempts (is it installed? `apt-get install redis-server`)');
}

/** Stops every Redis that `startRedis` started and that is still running. */
export async function stopAllRedis(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}
