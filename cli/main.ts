#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_TEXT_LENGTH } from '../src/protocol.js';
import { joinPlain } from './join.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { serve } from './serve.js';

const DEFAULT_PORT = 12345;
const DEFAULT_HOST = '127.0.0.1';

/** [FLAG-RANGE] Integer flags and their bounds; anything outside is refused with the rule. */
function intIn(name: string, min: number, max: number) {
  return (value: unknown): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${String(value)}"`);
    return n;
  };
}

await yargs(hideBin(process.argv))
  .scriptName('rxchat')
  .usage('$0 <command> [options]')
  .command(
    'serve',
    'run the headless chat server',
    (y) => y
      .option('host', { type: 'string', default: DEFAULT_HOST, describe: 'address to listen on (0.0.0.0 for a LAN)' })
      .option('port', { type: 'number', default: DEFAULT_PORT, describe: 'TCP port (0 picks a free one)', coerce: intIn('port', 0, 65535) })
      .option('max-frame-bytes', { type: 'number', default: DEFAULT_MAX_FRAME_BYTES, describe: 'largest frame a client may send', coerce: intIn('max-frame-bytes', 256, 1 << 20) })
      .option('max-text-length', { type: 'number', default: DEFAULT_MAX_TEXT_LENGTH, describe: 'longest message text, in characters', coerce: intIn('max-text-length', 1, 1 << 20) })
      .option('max-queued-bytes', { type: 'number', default: 1 << 20, describe: 'unread output per client before it is dropped', coerce: intIn('max-queued-bytes', 4096, 1 << 30) })
      .option('drain-timeout', { type: 'number', default: 30_000, describe: 'ms a client may leave its socket full before it is dropped', coerce: intIn('drain-timeout', 100, 3_600_000) })
      .option('shutdown-timeout', { type: 'number', default: 5_000, describe: 'ms to flush clients on shutdown', coerce: intIn('shutdown-timeout', 0, 600_000) })
      .option('log-level', { choices: LOG_LEVELS, default: 'info' as LogLevel, describe: 'least severe log level printed' })
      .check((argv) => {
        if (argv.host.trim() === '') throw new Error('--host must not be empty');
        return true;
      }),
    (argv) => serve({
      host: argv.host, port: argv.port, maxFrameBytes: argv.maxFrameBytes, maxTextLength: argv.maxTextLength,
      maxQueuedBytes: argv.maxQueuedBytes, drainTimeoutMs: argv.drainTimeout, closeTimeoutMs: 2_000,
      shutdownTimeoutMs: argv.shutdownTimeout, logLevel: argv.logLevel as LogLevel,
    }),
  )
  .command(
    'join',
    'join a chat server (plain mode when piped or with --plain)',
    (y) => y
      .option('nick', { type: 'string', describe: 'nickname: 3 to 10 letters, digits, _ or -' })
      .option('host', { type: 'string', default: DEFAULT_HOST, describe: 'server address' })
      .option('port', { type: 'number', default: DEFAULT_PORT, describe: 'server port', coerce: intIn('port', 1, 65535) })
      .option('plain', { type: 'boolean', default: false, describe: 'one event a line on stdout, for scripts' })
      .option('max-frame-bytes', { type: 'number', default: DEFAULT_MAX_FRAME_BYTES, describe: 'largest frame accepted from the server', coerce: intIn('max-frame-bytes', 256, 1 << 24) }),
    (argv) => joinPlain({ host: argv.host, port: argv.port, nick: argv.nick, plain: argv.plain, maxFrameBytes: argv.maxFrameBytes }),
  )
  .demandCommand(1, 'say which command to run: serve or join')
  .strict()
  .help()
  .parseAsync();
