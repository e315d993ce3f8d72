#!/usr/bin/env node
import { resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isoTime, roomKey } from './export-flags.js';
import { intIn } from './flags.js';
import { joinSecurity } from './join-security.js';
import { checkServerFlags, joinServers, serverList } from './server-flags.js';
import { defaultDataDir, redisUrlProblem } from './storage-flags.js';
import { DEFAULT_HOST, DEFAULT_PORT, PASSWORD_ENV, runServe, serveOptions } from './serve-command.js';

/** The largest server frame `join` accepts unless told otherwise: 1 MiB. */
const JOIN_MAX_FRAME_BYTES = 1 << 20;

await yargs(hideBin(process.argv))
  .scriptName('rxchat')
  .usage('$0 <command> [options]')
  .command(
    'serve',
    'run the headless chat server',
    serveOptions,
    runServe,
  )
  .command(
    'join',
    'join a chat server (plain mode when piped or with --plain)',
    (y) => y
      .option('nick', { type: 'string', describe: 'nickname: 3 to 10 letters, digits, _ or -' })
      // [SERVER-LIST] No yargs defaults on --host/--port: a default would count as given beside --server.
      .option('server', { type: 'string', describe: 'servers to use, in order: host:port[,host:port...] ([::1]:12345 for IPv6; port 12345 if left out); the next one when one is down or drops', coerce: serverList })
      .option('host', { type: 'string', defaultDescription: DEFAULT_HOST, describe: 'server address (one server; or use --server)' })
      .option('port', { type: 'number', defaultDescription: String(DEFAULT_PORT), describe: 'server port (one server; or use --server)', coerce: intIn('port', 1, 65535) })
      .option('plain', { type: 'boolean', default: false, describe: 'one event a line on stdout, for scripts' })
      .option('bell', { type: 'boolean', default: true, describe: 'ring the terminal bell on mentions and private messages (--no-bell: never)' })
      // Server frames carry member and room lists that grow with the crowd (10,000 members make a
      // 130 KB welcome): 16 KiB, the limit on what a client sends, would lock clients out of a busy server.
      .option('max-frame-bytes', { type: 'number', default: JOIN_MAX_FRAME_BYTES, describe: 'largest frame accepted from the server', coerce: intIn('max-frame-bytes', 256, 1 << 24) })
      .option('tls', { type: 'boolean', default: false, describe: 'connect with TLS' })
      .option('ca', { type: 'string', describe: 'PEM certificate authority to trust for --tls (e.g. a self-signed server)' })
      .option('password-file', { type: 'string', describe: `file holding the server password (or set ${PASSWORD_ENV})` })
      .option('reconnect-for', { type: 'number', default: 120, describe: 'plain mode: s to keep reconnecting after a drop before giving up (0: never reconnect)', coerce: intIn('reconnect-for', 0, 86_400) })
      .check((argv) => {
        if (argv.ca !== undefined && !argv.tls) throw new Error('--ca needs --tls');
        return checkServerFlags(argv);
      }),
    // Each command loads only its own side: a server process never holds the terminal client.
    async (argv) => (await import('./join.js')).join({
      servers: joinServers(argv), nick: argv.nick, plain: argv.plain, maxFrameBytes: argv.maxFrameBytes, bell: argv.bell,
      reconnectForMs: argv.reconnectFor * 1000, ...joinSecurity(argv),
    }),
  )
  .command(
    'export',
    'write a data directory\'s message archive to stdout, oldest first (works while the server runs)',
    (y) => y
      .option('data', { type: 'string', describe: `the data directory, as given to serve --data (default ${defaultDataDir()})` })
      .option('room', { type: 'string', describe: 'only this room', coerce: roomKey })
      .option('since', { type: 'string', describe: 'only messages at or after this ISO 8601 date or time (2026-11-30, 2026-11-30T21:00:00Z)', coerce: isoTime })
      .option('format', { choices: ['ndjson', 'text'] as const, default: 'ndjson' as const, describe: 'one JSON object a line, or one readable line a message' })
      .option('private', { type: 'boolean', default: false, describe: 'private messages too (not with --room)' })
      .check((argv) => {
        if (argv.private && argv.room !== undefined) throw new Error('--private and --room do not go together: private messages belong to no room');
        if (argv.data !== undefined && argv.data.trim() === '') throw new Error('--data must name a directory');
        return true;
      }),
    async (argv) => (await import('./export.js')).runExport({
      data: resolve(argv.data ?? defaultDataDir()), format: argv.format, includePrivate: argv.private,
      ...(argv.room === undefined ? {} : { room: argv.room }),
      ...(argv.since === undefined ? {} : { since: argv.since }),
    }),
  )
  .command(
    'status',
    'show a cluster\'s nodes and log as its Redis sees them',
    (y) => y
      .option('redis', { type: 'string', demandOption: true, describe: 'the cluster\'s Redis, as given to serve --redis' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object instead of lines' })
      .check((argv) => {
        const problem = redisUrlProblem(argv.redis);
        if (problem) throw new Error(`--redis ${argv.redis}: ${problem}`);
        return true;
      }),
    async (argv) => (await import('./status.js')).runStatus({ redis: argv.redis, json: argv.json }),
  )
  .demandCommand(1, 'say which command to run: serve, join, export or status')
  // Bad flags get the usage and the rule; a bad file or setting found later gets its words alone.
  .fail((message, error, y) => {
    if (message) {
      y.showHelp('error');
      process.stderr.write(`\n${message}\n`);
    } else process.stderr.write(`rxchat: ${error?.message ?? 'failed'}\n`);
    process.exit(1);
  })
  .strict()
  .help()
  .parseAsync();
