import { connect } from 'node:net';
import { Observable } from 'rxjs';
import { decodeServerFrame, encodeFrame } from '../src/native-codec.js';
import type { ClientFrame, ErrorCode, ServerFrame } from '../src/protocol.js';
import { fromSocket } from './from-socket.js';
import { splitFrames } from './split-frames.js';

/** What a client hears from its connection. */
export type ClientInbound =
  | { readonly type: 'connected' }
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'bad-frame'; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'disconnected'; readonly cause: string };

export interface ClientDriverOptions {
  readonly host: string;
  readonly port: number;
  readonly maxFrameBytes: number;
}

/**
 * A driver for one client connection: give it the frames to send, get what the server says.
 * Subscribing connects; `connected` comes first, then frames, and `disconnected` last before the
 * stream completes. Errors only if the connection cannot be made (refused, unreachable).
 * Outgoing frames are subscribed once connected; unsubscribing closes the socket.
 */
export function makeTcpClientDriver(options: ClientDriverOptions) {
  return (outgoing$: Observable<ClientFrame>): Observable<ClientInbound> =>
    new Observable<ClientInbound>((subscriber) => {
      const socket = connect({ host: options.host, port: options.port });
      socket.setNoDelay(true);
      const onConnectError = (error: Error) => subscriber.error(error);
      socket.once('error', onConnectError);
      socket.once('connect', () => {
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
