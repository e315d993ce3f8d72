import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Observable } from 'rxjs';

export type ListenItem =
  | { readonly kind: 'listening'; readonly address: AddressInfo }
  | { readonly kind: 'socket'; readonly socket: Socket };

/**
 * A listening TCP server as a stream: first `listening` with the bound address, then each
 * accepted socket. Errors if the server cannot listen (address in use...). Unsubscribing stops
 * accepting; sockets already emitted are their subscribers' to close.
 */
export function listen$(host: string, port: number, makeServer: () => Server = () => createServer()): Observable<ListenItem> {
  return new Observable<ListenItem>((subscriber) => {
    const server = makeServer();
    const onConnection = (socket: Socket) => {
      socket.setNoDelay(true);
      subscriber.next({ kind: 'socket', socket });
    };
    server.on('connection', onConnection);
    server.on('error', (error) => subscriber.error(error));
    server.listen({ host, port }, () => {
      subscriber.next({ kind: 'listening', address: server.address() as AddressInfo });
    });
    return () => {
      server.removeListener('connection', onConnection);
      server.close();
    };
  });
}
