import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Observable } from 'rxjs';
import type { LinkSocket } from './link-socket.js';

export type ListenItem =
  | { readonly kind: 'listening'; readonly address: AddressInfo }
  | { readonly kind: 'socket'; readonly socket: LinkSocket }
  /** A TLS handshake failed or timed out; the socket has been destroyed. */
  | { readonly kind: 'tls-error'; readonly message: string };

/** [TLS] Certificate and key (PEM) for a TLS listener. */
export interface TlsMaterial {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /**
   * [HANDSHAKE-TIMEOUT] How long a peer may take to finish the TLS handshake (node's default is
   * 120 s). Until then the socket is not a connection of the room: no cap counts it, no timer of
   * ours watches it.
   */
  readonly handshakeTimeoutMs?: number;
}

/** TCP keepalive probes after this much silence: how vanished legacy peers are found. */
const KEEPALIVE_MS = 60_000;
/** Pending connections the kernel may hold for us (capped by net.core.somaxconn): a connect storm waits, not retries. */
const BACKLOG = 4096;

/**
 * A listening server as a stream: first `listening` with the bound address, then each accepted
 * socket (after the TLS handshake when `tls` is given). Errors if it cannot listen (address in
 * use...). Unsubscribing stops accepting; sockets already emitted are their subscribers' to close.
 */
export function listen$(host: string, port: number, tls?: TlsMaterial): Observable<ListenItem> {
  return new Observable<ListenItem>((subscriber) => {
    const server: Server = tls
      ? createTlsServer({ cert: tls.cert, key: tls.key, ...(tls.handshakeTimeoutMs === undefined ? {} : { handshakeTimeout: tls.handshakeTimeoutMs }) })
      : createServer();
    const event = tls ? 'secureConnection' : 'connection';
    const onConnection = (socket: Socket) => {
      socket.setNoDelay(true);
      socket.setKeepAlive(true, KEEPALIVE_MS);
      subscriber.next({ kind: 'socket', socket });
    };
    // node emits this for a handshake that timed out without destroying the socket: we must.
    const onTlsError = (error: Error, socket: Socket) => {
      socket.destroy();
      subscriber.next({ kind: 'tls-error', message: error.message });
    };
    server.on(event, onConnection);
    server.on('tlsClientError', onTlsError);
    server.on('error', (error) => subscriber.error(error));
    server.listen({ host, port, backlog: BACKLOG }, () => {
      subscriber.next({ kind: 'listening', address: server.address() as AddressInfo });
    });
    return () => {
      server.removeListener(event, onConnection);
      server.removeListener('tlsClientError', onTlsError);
      // A TLS handshake under way when we stop would finish into a socket nobody owns: end it.
      if (tls) server.on(event, (socket: Socket) => socket.destroy());
      server.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
      server.close();
    };
  });
}
