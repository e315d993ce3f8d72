import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { DEFAULT_HISTORY, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_TEXT_LENGTH } from '../src/protocol.js';
import { intIn } from './flags.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { serve } from './serve.js';

export const DEFAULT_PORT = 12345;
export const DEFAULT_HOST = '127.0.0.1';

/** [OPER-SECRET] Where the operator secret comes from: an environment variable or a file, never a flag. */
export const OPER_SECRET_ENV = 'RXCHAT_OPER_SECRET';

/** The `serve` command's flags. */
export function serveOptions(y: Argv) {
  return y
    .option('host', { type: 'string', default: DEFAULT_HOST, describe: 'address to listen on (0.0.0.0 for a LAN)' })
    .option('port', { type: 'number', default: DEFAULT_PORT, describe: 'TCP port (0 picks a free one)', coerce: intIn('port', 0, 65535) })
    .option('max-frame-bytes', { type: 'number', default: DEFAULT_MAX_FRAME_BYTES, describe: 'largest frame a client may send', coerce: intIn('max-frame-bytes', 256, 1 << 20) })
    .option('max-text-length', { type: 'number', default: DEFAULT_MAX_TEXT_LENGTH, describe: 'longest message text, in characters', coerce: intIn('max-text-length', 1, 1 << 20) })
    .option('max-queued-bytes', { type: 'number', default: 1 << 20, describe: 'unread output per client before it is dropped', coerce: intIn('max-queued-bytes', 4096, 1 << 30) })
    .option('drain-timeout', { type: 'number', default: 30_000, describe: 'ms a client may leave its socket full before it is dropped', coerce: intIn('drain-timeout', 100, 3_600_000) })
    .option('shutdown-timeout', { type: 'number', default: 5_000, describe: 'ms to flush clients on shutdown', coerce: intIn('shutdown-timeout', 0, 600_000) })
    .option('history', { type: 'number', default: DEFAULT_HISTORY, describe: 'messages each room keeps and replays on join', coerce: intIn('history', 0, 10_000) })
    .option('motd-file', { type: 'string', describe: 'file holding the message of the day' })
    .option('oper-secret-file', { type: 'string', describe: `file holding the operator secret (or set ${OPER_SECRET_ENV})` })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as LogLevel, describe: 'least severe log level printed' })
    .check((argv) => {
      if (argv.host.trim() === '') throw new Error('--host must not be empty');
      return true;
    });
}

type ServeArgv = Awaited<ReturnType<typeof serveOptions>['argv']>;

/** Reads a small text file named by a flag, or fails with words that name the flag. */
function readFlagFile(flag: string, path: string): string {
  try {
    const text = readFileSync(path, 'utf8');
    if (text.length > 64 * 1024) throw new Error('it is larger than 64 KiB');
    return text;
  } catch (error) {
    throw new Error(`--${flag} ${path}: ${(error as Error).message}`);
  }
}

/** Runs `serve` with parsed flags; file and environment inputs are read and checked here. */
export function runServe(argv: ServeArgv): void {
  const motd = argv.motdFile === undefined ? null : readFlagFile('motd-file', argv.motdFile).trimEnd();
  const secretText = argv.operSecretFile === undefined ? process.env[OPER_SECRET_ENV] : readFlagFile('oper-secret-file', argv.operSecretFile);
  const operSecret = secretText?.trim() ? secretText.trim() : null;
  serve({
    host: argv.host, port: argv.port, maxFrameBytes: argv.maxFrameBytes, maxTextLength: argv.maxTextLength,
    maxQueuedBytes: argv.maxQueuedBytes, drainTimeoutMs: argv.drainTimeout, closeTimeoutMs: 2_000,
    shutdownTimeoutMs: argv.shutdownTimeout, historyLimit: argv.history, motd, operSecret,
    logLevel: argv.logLevel as LogLevel,
  });
}
