import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ListenerSpec } from '../streams/chat-server.js';
import type { TlsMaterial } from '../streams/listen.js';
import { webListener } from '../streams/web/web-listener.js';
import type { Argv } from 'yargs';
import { DEFAULT_HISTORY, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_TEXT_LENGTH } from '../src/protocol.js';
import { ircAdapter } from '../streams/adapters/irc-adapter.js';
import { boundTo } from '../streams/adapters/registry.js';
import { DEFAULT_PRESENCE_LIMIT, DEFAULT_PRESENCE_WINDOW_MS } from '../src/presence-frames.js';
import { normaliseOrigin } from '../src/web-origin.js';
import { intIn } from './flags.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { storageChoice, storageOptions } from './storage-flags.js';

export const DEFAULT_PORT = 12345;
export const DEFAULT_HOST = '127.0.0.1';
/** [IRC] The IRC port, as IRC clients expect it. */
export const DEFAULT_IRC_PORT = 6667;
/** [WS] Where `serve` shows the web page unless told otherwise. */
export const DEFAULT_HTTP_PORT = 8080;

/** [OPER-SECRET] Where the operator secret comes from: an environment variable or a file, never a flag. */
export const OPER_SECRET_ENV = 'RXCHAT_OPER_SECRET';
/** [PASSWORD] Where the server password comes from, likewise. */
export const PASSWORD_ENV = 'RXCHAT_PASSWORD';

/** The `serve` command's flags. */
export function serveOptions(y: Argv) {
  return storageOptions(y)
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
    .option('password-file', { type: 'string', describe: `file holding the server password (or set ${PASSWORD_ENV})` })
    .option('handshake-timeout', { type: 'number', default: 60_000, describe: 'ms a client has to be welcomed (a person may be typing a nickname)', coerce: intIn('handshake-timeout', 100, 600_000) })
    .option('idle-timeout', { type: 'number', default: 120_000, describe: 'ms of silence before the server pings a client', coerce: intIn('idle-timeout', 100, 86_400_000) })
    .option('pong-timeout', { type: 'number', default: 30_000, describe: 'ms a pinged client has to answer', coerce: intIn('pong-timeout', 100, 600_000) })
    .option('max-connections', { type: 'number', default: 10_000, describe: 'most connections at once', coerce: intIn('max-connections', 1, 1_000_000) })
    .option('max-per-address', { type: 'number', default: 100, describe: 'most connections from one address', coerce: intIn('max-per-address', 1, 1_000_000) })
    .option('flood-burst', { type: 'number', default: 10, describe: 'frames a client may send at once', coerce: intIn('flood-burst', 1, 1_000_000) })
    .option('flood-rate', { type: 'number', default: 2, describe: 'frames per second a client may keep sending (0: no flood control)', coerce: intIn('flood-rate', 0, 1_000_000) })
    .option('flood-strikes', { type: 'number', default: 20, describe: 'refused frames in a row before a flooder is dropped', coerce: intIn('flood-strikes', 1, 1_000_000) })
    .option('max-rooms', { type: 'number', default: 1_000, describe: 'most rooms the server holds', coerce: intIn('max-rooms', 1, 1_000_000) })
    .option('max-rooms-per-member', { type: 'number', default: 20, describe: 'most rooms one member may be in', coerce: intIn('max-rooms-per-member', 1, 10_000) })
    .option('irc-port', { type: 'number', default: DEFAULT_IRC_PORT, describe: 'IRC port for irssi, WeeChat, ii... (0 turns IRC off)', coerce: intIn('irc-port', 0, 65535) })
    .option('irc-tls-port', { type: 'number', describe: 'IRC over TLS on this port (needs --tls-cert and --tls-key)', coerce: intIn('irc-tls-port', 1, 65535) })
    .option('presence-limit', { type: 'number', default: DEFAULT_PRESENCE_LIMIT, describe: 'rooms larger than this update member lists without announcing joins and leaves', coerce: intIn('presence-limit', 0, 1_000_000) })
    .option('presence-window', { type: 'number', default: DEFAULT_PRESENCE_WINDOW_MS, describe: 'ms a room must be quiet for its joins and leaves to be announced together (big rooms and storms wait longer)', coerce: intIn('presence-window', 0, 10_000) })
    .option('tls-cert', { type: 'string', describe: 'PEM certificate: serve TLS (needs --tls-key)' })
    .option('tls-key', { type: 'string', describe: 'PEM private key for --tls-cert' })
    .option('http-port', { type: 'number', default: DEFAULT_HTTP_PORT, describe: 'web page and WebSocket port, on --host (0: no web page)', coerce: intIn('http-port', 0, 65535) })
    .option('http-origin', { type: 'string', array: true, default: [] as string[], describe: 'origin allowed to open a WebSocket, e.g. https://chat.example.org (repeatable; default: the page\'s own)' })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as LogLevel, describe: 'least severe log level printed' })
    .check((argv) => {
      if (argv.host.trim() === '') throw new Error('--host must not be empty');
      if ((argv.tlsCert === undefined) !== (argv.tlsKey === undefined)) throw new Error('--tls-cert and --tls-key go together');
      if (argv.ircTlsPort !== undefined && argv.tlsCert === undefined) throw new Error('--irc-tls-port needs --tls-cert and --tls-key');
      for (const origin of argv.httpOrigin as string[]) {
        if (normaliseOrigin(origin) === undefined) throw new Error(`--http-origin ${origin}: not an origin like https://chat.example.org`);
      }
      return true;
    });
}

type ServeArgv = Awaited<ReturnType<typeof serveOptions>['argv']>;

/** Reads a small text file named by a flag, or fails with words that name the flag. */
export function readFlagFile(flag: string, path: string): string {
  try {
    const text = readFileSync(path, 'utf8');
    if (text.length > 64 * 1024) throw new Error('it is larger than 64 KiB');
    return text;
  } catch (error) {
    throw new Error(`--${flag} ${path}: ${(error as Error).message}`);
  }
}

/** Runs `serve` with parsed flags; file and environment inputs are read and checked here. */
export async function runServe(argv: ServeArgv): Promise<void> {
  const motd = argv.motdFile === undefined ? null : readFlagFile('motd-file', argv.motdFile).trimEnd();
  const operSecret = secretFrom('oper-secret-file', argv.operSecretFile, OPER_SECRET_ENV);
  const password = secretFrom('password-file', argv.passwordFile, PASSWORD_ENV);
  const tls = argv.tlsCert === undefined || argv.tlsKey === undefined
    ? undefined
    : { cert: readFlagFile('tls-cert', argv.tlsCert), key: readFlagFile('tls-key', argv.tlsKey), handshakeTimeoutMs: argv.handshakeTimeout };
  const { serve } = await import('./serve.js');
  serve({
    host: argv.host, port: argv.port, maxFrameBytes: argv.maxFrameBytes, maxTextLength: argv.maxTextLength,
    maxQueuedBytes: argv.maxQueuedBytes, drainTimeoutMs: argv.drainTimeout, closeTimeoutMs: 2_000,
    shutdownTimeoutMs: argv.shutdownTimeout, historyLimit: argv.history, motd, operSecret, password,
    handshakeTimeoutMs: argv.handshakeTimeout, idleTimeoutMs: argv.idleTimeout, pongTimeoutMs: argv.pongTimeout,
    maxConnections: argv.maxConnections, maxPerAddress: argv.maxPerAddress,
    floodBurst: argv.floodBurst, floodRate: argv.floodRate, floodStrikes: argv.floodStrikes,
    maxRooms: argv.maxRooms, maxRoomsPerMember: argv.maxRoomsPerMember,
    resumeGraceMs: argv.resumeGrace * 1000,
    storage: storageChoice(argv),
    presenceLimit: argv.presenceLimit, presenceWindowMs: argv.presenceWindow,
    ...(tls ? { tls } : {}),
    listeners: [...ircListeners(argv.host, argv.ircPort, argv.ircTlsPort, tls), ...webListeners(argv, tls)],
    logLevel: argv.logLevel as LogLevel,
  });
}

/** [IRC] The IRC listeners the flags ask for: plain unless `--irc-port 0`, TLS with `--irc-tls-port`. */
function ircListeners(host: string, port: number, tlsPort: number | undefined, tls: TlsMaterial | undefined): ListenerSpec[] {
  const irc = boundTo(ircAdapter);
  return [
    ...(port === 0 ? [] : [{ host, port, protocol: irc }]),
    ...(tlsPort === undefined || tls === undefined ? [] : [{ host, port: tlsPort, tls, protocol: irc }]),
  ];
}

/** A secret from a file flag, else from the environment; blank means none. */
function secretFrom(flag: string, path: string | undefined, env: string): string | null {
  const text = path === undefined ? process.env[env] : readFlagFile(flag, path);
  return text?.trim() ? text.trim() : null;
}

/** [WS] The web page's listener, unless `--http-port 0`; the page is the build's `dist/web/`. */
function webListeners(argv: ServeArgv, tls: TlsMaterial | undefined): ListenerSpec[] {
  if (argv.httpPort === 0) return [];
  const root = fileURLToPath(new URL('../web/', import.meta.url));
  const origins = argv.httpOrigin.map((origin) => normaliseOrigin(origin)!);
  return [webListener({ host: argv.host, port: argv.httpPort, root, origins, maxFrameBytes: argv.maxFrameBytes, ...(tls ? { tls } : {}) })];
}
