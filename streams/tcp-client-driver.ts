import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { Observable } from 'rxjs';
import { decodeServerFrame, encodeFrame } from '../src/native-codec.js';
import type { ClientFrame, ErrorCode, ServerFrame } from '../src/protocol.js';
import type { ServerAddress } from '../src/server-list.js';
import { fromSocket } from './from-socket.js';
import { splitFrames } from './split-frames.js';

/** What a client hears from its connection. */
export type ClientInbound =
  | { readonly type: 'connected' }
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'bad-frame'; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'disconnected'; readonly cause: string };

/** How every connection of a client is made; where to is given per connection ([SERVER-FAILOVER]). */
export interface ClientDriverOptions {
  readonly maxFrameBytes: number;
  /** [TLS] Connect with TLS, trusting `ca` (PEM) besides the system's authorities when given. */
  readonly tls?: { readonly ca?: string | Buffer };
}

function open(options: ClientDriverOptions, server: ServerAddress): { socket: Socket; ready: 'connect' | 'secureConnect' } {
  const { host, port } = server;
  if (!options.tls) return { socket: connect({ host, port }), ready: 'connect' };
  const ca = options.tls.ca === undefined ? {} : { ca: options.tls.ca };
  // SNI takes host names only (RFC 6066); an IP address is checked against the certificate as is.
  const servername = isIP(host) ? {} : { servername: host };
  return { socket: connectTls({ host, port, ...servername, ...ca }), ready: 'secureConnect' };
}

/**
 * A driver for client connections: give it the frames to send and the server, get what it says.
 * Subscribing connects; `connected` comes first, then frames, and `disconnected` last before the
 * stream completes. Errors only if the connection cannot be made (refused, unreachable).
 * Outgoing frames are subscribed once connected; the server's `ping` is answered here and not
 * passed on. Unsubscribing closes the socket.
 */
export function makeTcpClientDriver(options: ClientDriverOptions) {
  return (outgoing$: Observable<ClientFrame>, server: ServerAddress): Observable<ClientInbound> =>
    new Observable<ClientInbound>((subscriber) => {
      const { socket, ready } = open(options, server);
      socket.setNoDelay(true);
      const onConnectError = (error: Error) => subscriber.error(error);
      socket.once('error', onConnectError);
      socket.once(ready, () => {
        socket.removeListener('error', onConnectError);
        subscriber.add(outgoing$.subscribe((frame) => socket.write(encodeFrame(frame))));
        subscriber.next({ type: 'connected' });
        subscriber.add(
          fromSocket(socket).pipe(splitFrames(options.maxFrameBytes)).subscribe({
            next(item) {
              if (item.kind === 'overflow') {
                subscriber.next({ type: 'bad-frame', code: 'FRAME_TOO_LARGE', message: 'server sent an over-long frame' });
                return;
              }
              const result = decodeServerFrame(item.bytes);
              // [UNKNOWN-FRAMES] A frame type newer than this client is ignored, not reported.
              if (!result.ok && result.error.code === 'UNKNOWN_TYPE') return;
              // [IDLE] Keepalive is the driver's business: answer the server's ping at once.
              if (result.ok && result.value.type === 'ping') {
                socket.write(encodeFrame({ type: 'pong', ref: result.value.ref }));
                return;
              }
              subscriber.next(result.ok ? { type: 'frame', frame: result.value } : { type: 'bad-frame', ...result.error });
            },
            error(error: NodeJS.ErrnoException) {
              subscriber.next({ type: 'disconnected', cause: error.code ?? error.message });
              subscriber.complete();
            },
            complete() {
              subscriber.next({ type: 'disconnected', cause: 'closed by server' });
              subscriber.complete();
            },
          }),
        );
      });
      return () => socket.destroy();
    });
}
