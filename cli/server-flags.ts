import { parseServerList, type ServerAddress } from '../src/server-list.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './serve-command.js';

/**
 * [SERVER-LIST] A yargs `coerce` for `join --server`: the list parsed, or the error that names the
 * bad entry. `--server a --server b` is read as `--server a,b`.
 */
export function serverList(value: unknown): readonly ServerAddress[] {
  const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
  const parsed = parseServerList(text);
  if (!parsed.ok) throw new Error(`--server: ${parsed.error.message}`);
  return parsed.value;
}

/** What `join` reads its servers from: `--server`, or the older `--host` and `--port`. */
export interface ServerFlags {
  readonly server?: readonly ServerAddress[] | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
}

/** A yargs `check`: `--server` names host and port itself, so `--host` or `--port` beside it is a mistake. */
export function checkServerFlags(argv: ServerFlags): true {
  if (argv.server !== undefined && (argv.host !== undefined || argv.port !== undefined)) {
    throw new Error('--server does not go with --host or --port: write each server as host:port in --server (e.g. --server 127.0.0.1:12345,127.0.0.1:12346)');
  }
  return true;
}

/** The servers to try, in order: `--server`, else the one `--host`/`--port` name (127.0.0.1:12345 by default). */
export function joinServers(argv: ServerFlags): readonly ServerAddress[] {
  return argv.server ?? [{ host: argv.host ?? DEFAULT_HOST, port: argv.port ?? DEFAULT_PORT }];
}
