import type { Socket } from 'node:net';
import { catchError, concat, concatWith, defer, EMPTY, finalize, mergeMap, of, type Observable } from 'rxjs';
import type { ConnId, RoomEvent } from '../src/events.js';
import type { ServerFrame } from '../src/protocol.js';
import { fromSocket } from './from-socket.js';
import { frameInbound } from './frame-inbound.js';
import { createOutbound, type OutboundOptions } from './outbound.js';
import { createWireAdapter, type WireAdapter } from './wire-adapter.js';

export interface LinkOptions extends OutboundOptions {
  readonly maxFrameBytes: number;
  readonly now: () => number;
}

/** What the effect router may do with one connection. */
export interface Link {
  readonly id: ConnId;
  /** Unknown until the first bytes arrive ([SNIFF]). */
  readonly adapter: WireAdapter | undefined;
  send(frame: ServerFrame): void;
  sendBytes(bytes: Uint8Array): void;
  close(): void;
  destroy(): void;
}

/**
 * Wraps one accepted socket: the returned `events$` yields `conn/opened`, then an event per
 * frame or protocol error, and ends with exactly one `conn/closed` or `conn/slow-consumer`,
 * whatever happens to the socket (errors, including our own, end this connection alone).
 */
export function createLink(
  socket: Socket,
  id: ConnId,
  options: LinkOptions,
): { readonly link: Link; readonly events$: Observable<RoomEvent> } {
  const { now } = options;
  const outbound = createOutbound(socket, options);
  let adapter: WireAdapter | undefined;
  const link: Link = {
    id,
    get adapter() {
      return adapter;
    },
    send(frame) {
      const bytes = adapter?.encode(frame);
      if (bytes) outbound.enqueue(bytes);
    },
    sendBytes: (bytes) => outbound.enqueue(bytes),
    close: () => outbound.end(),
    destroy: () => outbound.destroy(),
  };

  const body$ = fromSocket(socket).pipe(
    frameInbound(options.maxFrameBytes),
    mergeMap((item): Observable<RoomEvent> => {
      if (item.kind === 'protocol') {
        adapter = createWireAdapter(item.protocol);
        return EMPTY;
      }
      if (item.kind === 'overflow') {
        const message = `frame is longer than ${options.maxFrameBytes} bytes`;
        return of({ type: 'conn/protocol-error', conn: id, code: 'FRAME_TOO_LARGE', message, fatal: true, at: now() });
      }
      const decoded = adapter?.decode(item.bytes);
      if (decoded === undefined) return EMPTY;
      return of(decoded.kind === 'frame'
        ? { type: 'conn/frame-received', conn: id, frame: decoded.frame, at: now() }
        : { type: 'conn/protocol-error', conn: id, code: decoded.code, message: decoded.message, fatal: false, at: now() });
    }),
  );

  const closed = (cause: string): RoomEvent => {
    const queuedBytes = outbound.slowBytes;
    return queuedBytes === undefined
      ? { type: 'conn/closed', conn: id, cause, at: now() }
      : { type: 'conn/slow-consumer', conn: id, queuedBytes, at: now() };
  };
  const events$ = concat(
    of<RoomEvent>({ type: 'conn/opened', conn: id, address: describeAddress(socket), at: now() }),
    body$.pipe(
      concatWith(defer(() => of(closed('closed by peer')))),
      catchError((error: unknown) => of(closed(describeError(error)))),
    ),
  ).pipe(finalize(() => outbound.destroy()));

  return { link, events$ };
}

function describeAddress(socket: Socket): string {
  const host = socket.remoteAddress ?? 'unknown';
  return host.includes(':') ? `[${host}]:${socket.remotePort}` : `${host}:${socket.remotePort}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
