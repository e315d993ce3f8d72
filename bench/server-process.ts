import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Memory and CPU of a process, from /proc (Linux only). */
export interface ProcStats {
  /** Resident memory now, bytes. */
  readonly rss: number;
  /** Peak resident memory since the process started (VmHWM), bytes. */
  readonly peakRss: number;
  /** User plus system CPU time so far, seconds. */
  readonly cpuSeconds: number;
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** Reads a process's stats; throws if it has exited. */
export function readProcStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  return { rss: kib('VmRSS'), peakRss: kib('VmHWM'), cpuSeconds };
}

/** A server under test, running as its own child process. */
export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  stats(): ProcStats;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `command args` and waits (at most `timeoutMs`) for the JSON log line
 * `{"msg":"listening",...,"port":N}`. Its output goes to a temporary file, never to a pipe, so a
 * chatty server can never block on a reader that is busy generating load.
 */
export async function startServer(command: string, args: readonly string[], timeoutMs = 10_000, knownPort?: number): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-bench-'));
  const logPath = join(dir, 'server.log');
  const fd = openSync(logPath, 'w');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // BENCH_KEEP_LOGS=1 keeps each server's output (for --wrap diagnostics such as --trace-gc).
  const cleanup = () => (process.env['BENCH_KEEP_LOGS'] ? process.stderr.write(`server log kept: ${logPath}\n`) : rmSync(dir, { recursive: true, force: true }));
  try {
    const port = knownPort === undefined ? await waitForPort(child, logPath, timeoutMs) : await waitForConnect(child, knownPort, timeoutMs);
    const pid = child.pid!;
    return {
      pid,
      port,
      stats: () => readProcStats(pid),
      async stop(graceMs = 5_000) {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        cleanup();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw error;
  }
}

/** For a server given its port (ngircd, rxchat's IRC port): listening once a connection succeeds. */
async function waitForConnect(child: ChildProcess, port: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening on ${port}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return port;
    await sleep(50);
  }
  throw new Error(`server did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * A port free right now on 127.0.0.1, for a server that must be told its port; never one of `not`
 * (the kernel may hand a just-released port out again, and a server's two ports must differ).
 */
export async function freePort(not: readonly number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await anyFreePort();
    if (!not.includes(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 other than ${not.join(', ')} in 20 attempts`);
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

async function waitForPort(child: ChildProcess, logPath: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = readFileSync(logPath, 'utf8');
    const match = /"msg":"listening".*?"port":(\d+)/.exec(log) ?? /"port":(\d+).*?"msg":"listening"/.exec(log);
    if (match) return Number(match[1]);
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening: ${log.slice(-500)}`);
    await sleep(20);
  }
  throw new Error(`server did not say "listening" within ${timeoutMs} ms`);
}
