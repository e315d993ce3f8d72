/**
 * [WS-ORIGIN] Whether a WebSocket upgrade may proceed, by its `Origin` header. A browser always
 * sends one, so a page of another site cannot open a chat connection in its visitor's name: with
 * no `allowed` list only the page's own origin (same scheme, host and port as the request's `Host`)
 * is accepted; with a list, exactly its entries (`https://chat.example.org`, no path). A request
 * without `Origin` is not a browser's (a terminal tool's, a test's): nothing is forged there.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, secure: boolean, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  if (host === undefined) return false;
  return origin.toLowerCase() === `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/** The `--http-origin` entry normalised as browsers send it (`scheme://host[:port]`), or `undefined` if it is not one. */
export function normaliseOrigin(text: string): string | undefined {
  const match = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d{1,5})?\/?$/i.exec(text.trim());
  if (!match) return undefined;
  const [, scheme, host, port] = match;
  const defaultPort = scheme!.toLowerCase() === 'https' ? ':443' : ':80';
  return `${scheme!.toLowerCase()}://${host!.toLowerCase()}${port === defaultPort ? '' : port ?? ''}`;
}
