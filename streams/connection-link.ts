import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { catchError, concat, concatWith, defer, filter, finalize, map, of, type Observable, type SchedulerLike } from 'rxjs';
import type { ConnId, RoomEvent } from '../src/events.js';
import type { ServerFrame } from '../src/protocol.js';
import { fromSocket } from './from-socket.js';
import { frameInbound, type InboundItem } from './frame-inbound.js';
import { createLinkTimeouts, type TimeoutSignal } from './link-timeouts.js';
import { createOutbound, type OutboundOptions } from './outbound.js';
import { createWireAdapter, encodeNative, type WireAdapter } from './wire-adapter.js';

export interface LinkOptions extends OutboundOptions {
  readonly maxFrameBytes: number;
  /** [HANDSHAKE-TIMEOUT] How long a connection may take to be welcomed. */
  readonly handshakeTimeoutMs: number;
  /** [IDLE] Silence before the server pings a native client, and how long it waits for `pong`. */
  readonly idleTimeoutMs: number;
  readonly pongTimeoutMs: number;
  readonly now: () => number;
  readonly scheduler?: SchedulerLike;
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
  const timeouts = createLinkTimeouts({
    handshakeMs: options.handshakeTimeoutMs, idleMs: options.idleTimeoutMs, graceMs: options.pongTimeoutMs,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
  const link: Link = {
    id,
    get adapter() {
      return adapter;
    },
    send(frame) {
      // Before the first bytes the protocol is unknown: refusals go out as native JSON lines.
      const bytes = adapter ? adapter.encode(frame) : encodeNative(frame);
      if (bytes) outbound.enqueue(bytes);
      if (frame.type === 'welcome') timeouts.welcomed();
    },
    sendBytes: outbound.enqueue,
    close: () => outbound.end(),
    destroy: () => outbound.destroy(),
  };

  function toEvent(item: InboundItem | TimeoutSignal): RoomEvent | undefined {
    switch (item.kind) {
      case 'protocol':
        adapter = createWireAdapter(item.protocol);
        return undefined;
      case 'overflow': {
        const message = `frame is longer than ${options.maxFrameBytes} bytes`;
        return { type: 'conn/protocol-error', conn: id, code: 'FRAME_TOO_LARGE', message, fatal: true, at: now() };
      }
      case 'handshake-timeout':
        return { type: 'conn/timed-out', conn: id, phase: 'handshake', at: now() };
      case 'idle-timeout':
        return { type: 'conn/timed-out', conn: id, phase: 'idle', at: now() };
      case 'ping':
        link.send({ type: 'ping', ref: `p${now()}` });
        return undefined;
      case 'line': {
        const decoded = adapter?.decode(item.bytes);
        if (decoded === undefined) return undefined;
        return decoded.kind === 'frame'
          ? { type: 'conn/frame-received', conn: id, frame: decoded.frame, at: now() }
          : { type: 'conn/protocol-error', conn: id, code: decoded.code, message: decoded.message, fatal: false, at: now() };
      }
    }
  }
  // [HOT-PATH] One subscription chain per connection, timeouts included, and one event per line
  // through `map` and `filter`: no Subject, no shared stream, no inner Observable per frame.
  const body$ = fromSocket(socket).pipe(
    frameInbound(options.maxFrameBytes),
    timeouts.watch,
    map(toEvent),
    filter((event): event is RoomEvent => event !== undefined),
  );

  const closed = (cause: string): RoomEvent => {
    const queuedBytes = outbound.slowBytes;
    return queuedBytes === undefined
      ? { type: 'conn/closed', conn: id, cause, at: now() }
      : { type: 'conn/slow-consumer', conn: id, queuedBytes, at: now() };
  };
  const events$ = concat(
    defer(() => of<RoomEvent>({ type: 'conn/opened', conn: id, address: describeAddress(socket), at: now(), token: newToken() })),
    body$.pipe(
      concatWith(defer(() => of(closed('closed by peer')))),
      catchError((error: unknown) => of(closed(describeError(error)))),
    ),
  ).pipe(finalize(() => outbound.destroy()));

  return { link, events$ };
}

/** [RESUME] 16 random bytes: what a client shows to take its own session over after a drop. */
function newToken(): string {
  return randomBytes(16).toString('base64url');
}

function describeAddress(socket: Socket): string {
  const host = socket.remoteAddress ?? 'unknown';
  return host.includes(':') ? `[${host}]:${socket.remotePort}` : `${host}:${socket.remotePort}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
