/**
 * Why a connection could not be made, in words for a person: the error code of `node:net`
 * explained where it helps (`ECONNREFUSED`, `ENOTFOUND`), else the code or the message.
 */
export function describeConnectError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is `rxchat serve` running?)';
  if (code === 'ENOTFOUND') return 'unknown host';
  return code ?? (error instanceof Error ? error.message : String(error));
}
