import { fileURLToPath } from 'node:url';
import { Collector } from './collector.js';
import { ircFlag, MAIN, noWeb, spawnChild, storageFlag, type Child, type ServerProcess } from './processes.js';

/**
 * Processes for the rooms integration tests: `rxchat serve` with flood control off and an
 * environment of its own (the operator secret is never a flag, [OPER-SECRET]), plain clients
 * started with `--plain`, and the original Python client. Every wait is bounded; `killAll` from
 * processes.ts ends them all.
 */

export const WAIT = 10_000;
export const OPER_SECRET = 'open-sesame';
const ORIGINAL_CLIENT = fileURLToPath(new URL('../fixtures/original_client.py', import.meta.url));

/** Starts `rxchat serve --port 0 --flood-rate 0 ...extra` with `env` added, and waits for its `listening` line. */
export async function startRoomsServer(extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawnChild(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--flood-rate', '0', ...storageFlag(extra), ...ircFlag(extra), ...noWeb(extra), ...extra], env);
  const logs = new Collector<Record<string, unknown>>();
  child.stdout.each((line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  });
  const listening = await logs.waitFor((l) => l['msg'] === 'listening', WAIT, 'the "listening" log line').catch(async (error: Error) => {
    await child.kill();
    throw new Error(`${error.message}; stderr: ${child.stderr.items.join(' | ')}`);
  });
  return Object.assign(child, { port: Number(listening['port']), logs });
}

/** `rxchat join --plain --nick N --port P`, not waited for. */
export function startPlain(port: number, nick: string): Child {
  return spawnChild(process.execPath, [MAIN, 'join', '--plain', '--nick', nick, '--port', String(port)]);
}

/** A plain client, once the server has welcomed it. */
export async function plain(port: number, nick: string): Promise<Child> {
  const child = startPlain(port, nick);
  await child.stderr.waitFor((l) => l.startsWith(`* connected as ${nick} `), WAIT, `the welcome of ${nick}`);
  return child;
}

/** Waits for an exact stdout line. */
export function sees(child: Child, line: string, what = line): Promise<string> {
  return child.stdout.waitFor((l) => l === line, WAIT, `"${what}"`);
}

/** Waits for an exact stderr line. */
export function hears(child: Child, line: string): Promise<string> {
  return child.stderr.waitFor((l) => l === line, WAIT, `"${line}" on stderr`);
}

/** The original Python client, registered under `nick`; it prints what it receives on stdout. */
export async function originalClient(port: number, nick: string): Promise<Child> {
  const child = spawnChild('python3', ['-u', ORIGINAL_CLIENT, '127.0.0.1', String(port)], { TERM: 'dumb' });
  await child.stdout.waitFor((l) => l.includes('Enter a nickname'), WAIT, 'the nickname prompt');
  child.line(nick);
  return child;
}
