/** Exit code when the server cannot listen (address in use, no permission, no such address). */
export const EXIT_CANNOT_LISTEN = 1;
/** Exit code for our own bug (EX_SOFTWARE of sysexits.h), as for an uncaught error. */
export const EXIT_INTERNAL_ERROR = 70;

/** [NODE-LOST] Exit code of a cluster node whose lease lapsed (EX_TEMPFAIL): start it again and it rejoins. */
export const EXIT_NODE_LOST = 75;

/** What `serve` logs and how it exits when the server stream errors. */
export interface ServeFailure {
  readonly exitCode: number;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Plain words for the errors a person meets when listening; others show node's own message. */
const LISTEN_WORDS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'another program already listens on that port',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that address is not one of this machine\'s',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved now',
};

/**
 * Words an error of the server stream: a failure to listen (an errno error of `listen`, or of the
 * host name lookup before it) says so with the address and exits 1; anything else (a reducer bug
 * hours into a run, an `accept` failure) is an internal error, logged with its stack, exit 70.
 */
export function describeServeFailure(error: unknown, host: string, port: number): ServeFailure {
  const { code, syscall, message, address, port: failedPort } = (typeof error === 'object' && error !== null ? error : {}) as NodeJS.ErrnoException & { address?: unknown; port?: unknown };
  if (typeof code === 'string' && (syscall === 'listen' || syscall === 'getaddrinfo')) {
    const words = LISTEN_WORDS[code] ?? message;
    // The port that failed may be another listener's (IRC, the web page): node's error names it.
    const where = typeof failedPort === 'number' ? `${typeof address === 'string' ? address : host}:${failedPort}` : `${host}:${port}`;
    return { exitCode: EXIT_CANNOT_LISTEN, msg: `cannot listen on ${where}: ${code} (${words})`, fields: { code, syscall } };
  }
  if (error instanceof Error && error.name === 'NodeLostError') {
    return { exitCode: EXIT_NODE_LOST, msg: `left the cluster: ${error.message}`, fields: {} };
  }
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return {
    exitCode: EXIT_INTERNAL_ERROR,
    msg: 'internal error: the server stopped',
    fields: { error: stack, ...(typeof code === 'string' ? { code } : {}), ...(typeof syscall === 'string' ? { syscall } : {}) },
  };
}
