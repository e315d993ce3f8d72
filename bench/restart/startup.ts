import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { measureArchiveLatency, type ArchiveLatency } from '../archive/search-latency.js';
import { fillHistory, type HistoryPlan } from './fill-history.js';

export interface StartupFigures {
  readonly messages: number;
  readonly fillSeconds: number;
  readonly dbBytes: number;
  /** From spawning `rxchat serve` to its "listening" log line. */
  readonly listeningMs: number;
  /** From spawning to the `welcome` of the first client, connected as soon as it listened. */
  readonly firstWelcomeMs: number;
  readonly replayedEvents: number;
  readonly archive: ArchiveLatency;
}

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/**
 * [EVENT-LOG] Start-up after a long past: fills a data directory with `plan.messages` messages
 * (through the real reducer and log), then starts `rxchat serve` on it and times it to listening and
 * to the first welcome; then reads /search and /history latency over the same archive. Everything
 * runs on 127.0.0.1; the server is stopped by its PID; the directory is removed at the end.
 */
export async function measureStartup(plan: HistoryPlan): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-startup-'));
  try {
    const fill = fillHistory(dir, plan);
    const dbBytes = statSync(join(dir, 'rxchat.db')).size;
    const started = await startAndWelcome(dir);
    const archive = measureArchiveLatency(dir, { rooms: plan.rooms });
    return { messages: plan.messages, fillSeconds: fill.seconds, dbBytes, ...started, archive };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startAndWelcome(dir: string): Promise<{ listeningMs: number; firstWelcomeMs: number; replayedEvents: number }> {
  const logPath = join(dir, 'server.log');
  const fd = openSync(logPath, 'w');
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--irc-port', '0', '--http-port', '0', '--data', dir, '--log-level', 'info'], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let port = 0;
    let listeningMs = 0;
    const deadline = Date.now() + 120_000;
    while (port === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not listen: ${readFileSync(logPath, 'utf8').slice(-500)}`);
      const match = /"port":(\d+).*"msg":"listening"|"msg":"listening".*"port":(\d+)/.exec(readFileSync(logPath, 'utf8'));
      if (match) {
        listeningMs = performance.now() - t0;
        port = Number(match[1] ?? match[2]);
      } else await sleep(5);
    }
    await welcome(port);
    const firstWelcomeMs = performance.now() - t0;
    const replayed = /"replayedEvents":(\d+)/.exec(readFileSync(logPath, 'utf8'));
    return { listeningMs, firstWelcomeMs, replayedEvents: Number(replayed?.[1] ?? NaN) };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Connects, says hello as a newcomer and resolves on the welcome (at most 30 s). */
function welcome(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('no welcome within 30 s'))), 30_000);
    let seen = '';
    socket.on('connect', () => socket.write('{"type":"hello","version":1,"nick":"newcomer"}\n'));
    socket.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      if (seen.includes('"type":"welcome"')) {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      }
    });
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
  });
}
