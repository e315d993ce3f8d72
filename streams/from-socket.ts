import { Observable } from 'rxjs';

/** The events of a socket that the read side listens to. */
export interface ReadableSocket {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'close', listener: () => void): unknown;
  destroy(): void;
}

/**
 * The bytes a socket receives. Completes when the socket closes, errors with the socket's
 * error; unsubscribing removes the listeners and destroys the socket.
 */
export function fromSocket(socket: ReadableSocket): Observable<Buffer> {
  return new Observable<Buffer>((subscriber) => {
    const onData = (chunk: Buffer) => subscriber.next(chunk);
    const onError = (error: Error) => subscriber.error(error);
    const onClose = () => subscriber.complete();
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    return () => {
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      socket.destroy();
    };
  });
}
