import { err, ok, type Result } from './result.js';

/**
 * [SERVER-LIST] The servers `rxchat join --server` may use, in the order given:
 * `host:port[,host:port...]`. A host is a name (`chat.example.org`), an IPv4 address, or an IPv6
 * address in brackets (`[::1]:12345`); the port may be left out (12345). At most
 * `SERVER_LIST_MAX` entries, no entry twice: a list is typed by a person, so a slip is answered
 * with the entry and what is wrong with it, never guessed at.
 */

/** One server: where to connect. `host` holds an IPv6 address without its brackets. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** [SERVER-LIST] The port of an entry that names none, as `rxchat serve` listens by default. */
export const DEFAULT_SERVER_PORT = 12345;
/** [SERVER-LIST] The most servers one list may name: a cluster is a few nodes, not a scan. */
export const SERVER_LIST_MAX = 16;
/** [SERVER-LIST] The longest text accepted: 16 entries of a 253-byte name and a port, with commas. */
export const SERVER_LIST_MAX_CHARS = SERVER_LIST_MAX * 262;
/** RFC 1035: a DNS name is at most 253 characters written out, a label at most 63. */
const HOST_MAX = 253;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** Why a list was refused; `entry` is the 1-based position of the bad entry, when one is to blame. */
export interface ServerListError {
  readonly entry?: number;
  readonly message: string;
}

/** Parses a list ([SERVER-LIST]); the error says which entry is wrong and why. Never throws. */
export function parseServerList(text: string): Result<readonly ServerAddress[], ServerListError> {
  if (text.length > SERVER_LIST_MAX_CHARS) return err({ message: `the server list is longer than ${SERVER_LIST_MAX_CHARS} characters` });
  const entries = text.split(',');
  if (entries.length > SERVER_LIST_MAX) return err({ message: `at most ${SERVER_LIST_MAX} servers, got ${entries.length}` });
  const servers: ServerAddress[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of entries.entries()) {
    const entry = raw.trim();
    const parsed = parseServer(entry);
    if (!parsed.ok) return err({ entry: i + 1, message: `server ${i + 1} ("${raw}"): ${parsed.error}` });
    const key = formatServer(parsed.value).toLowerCase();
    if (seen.has(key)) return err({ entry: i + 1, message: `server ${i + 1} ("${raw}"): ${formatServer(parsed.value)} is already in the list` });
    seen.add(key);
    servers.push(parsed.value);
  }
  return ok(servers);
}

/** Parses one entry: `host`, `host:port`, `[v6]` or `[v6]:port`. The error is in words. */
export function parseServer(entry: string): Result<ServerAddress, string> {
  if (entry === '') return err('empty entry (two commas in a row, or one at an end?)');
  const split = splitHostPort(entry);
  if (!split.ok) return split;
  const { host, port: portText } = split.value;
  const hostProblem = split.value.bracketed ? ipv6Problem(host) : hostNameProblem(host);
  if (hostProblem !== undefined) return err(hostProblem);
  if (portText === undefined) return ok({ host, port: DEFAULT_SERVER_PORT });
  const port = parsePort(portText);
  return port.ok ? ok({ host, port: port.value }) : port;
}

function splitHostPort(entry: string): Result<{ host: string; port: string | undefined; bracketed: boolean }, string> {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) return err('an IPv6 address opened with "[" needs its "]"');
    const rest = entry.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return err(`expected ":port" after "]", got "${rest}"`);
    return ok({ host: entry.slice(1, close), port: rest === '' ? undefined : rest.slice(1), bracketed: true });
  }
  const colons = entry.split(':').length - 1;
  if (colons > 1) return err('an IPv6 address goes in brackets: [::1]:12345');
  const [host = '', port] = entry.split(':');
  return ok({ host, port, bracketed: false });
}

function parsePort(text: string): Result<number, string> {
  if (!/^[0-9]{1,5}$/.test(text)) return err(`the port must be a number from 1 to 65535, got "${text}"`);
  const port = Number(text);
  return port >= 1 && port <= 65535 ? ok(port) : err(`the port must be a number from 1 to 65535, got "${text}"`);
}

function hostNameProblem(host: string): string | undefined {
  if (host === '') return 'the host is missing';
  if (host.length > HOST_MAX) return `the host is longer than ${HOST_MAX} characters`;
  // A name or a dotted IPv4 address: labels of letters, digits and inner hyphens ([SERVER-LIST]).
  const labels = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad === undefined) return undefined;
  return bad === '' ? `"${host}" has an empty label (two dots in a row?)` : `"${host}" is not a host name: "${bad}" may hold only letters, digits and inner hyphens (63 at most)`;
}

function ipv6Problem(host: string): string | undefined {
  if (host === '') return 'the brackets hold no address';
  // The socket layer checks the address itself; this only keeps out what is plainly not one.
  if (host.length > 45 || !IPV6.test(host) || !host.includes(':')) return `"[${host}]" is not an IPv6 address`;
  return undefined;
}

/** One server as it is written in a list: `host:port`, `[v6]:port`. */
export function formatServer(server: ServerAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** A whole list, as `parseServerList` reads it back. */
export function formatServerList(servers: readonly ServerAddress[]): string {
  return servers.map(formatServer).join(',');
}
