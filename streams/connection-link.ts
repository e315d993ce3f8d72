import { catchError, concat, concatWith, defer, finalize, of, type Observable, type SchedulerLike } from 'rxjs';
import type { ConnId, RoomEvent } from '../src/events.js';
import { DEFAULT_MAX_TEXT_LENGTH } from '../src/protocol.js';
import { sniffMainPort, type ListenerProtocol } from './adapters/registry.js';
import { fromSocket } from './from-socket.js';
import type { LinkSocket } from './link-socket.js';
import type { AdapterLimits } from './adapters/protocol-adapter.js';
import { frameInbound, type Pacing } from './frame-inbound.js';
import { inboundEvents } from './inbound-events.js';
import { createLinkHandle, type Link } from './link-handle.js';
import { createLinkTimeouts } from './link-timeouts.js';
import { createOutbound, type Outbound, type OutboundOptions } from './outbound.js';
import { describeAddress, describeError, newToken } from './peer.js';

export type { Link } from './link-handle.js';

export interface LinkOptions extends OutboundOptions {
  readonly maxFrameBytes: number;
  /** [TEXT-MAX] What a byte-stream protocol cuts its messages at (the room's default unless given). */
  readonly maxTextLength?: number;
  /** [HANDSHAKE-TIMEOUT] How long a connection may take to be welcomed. */
  readonly handshakeTimeoutMs: number;
  /** [IDLE] Silence before the server pings a peer whose protocol pings, and how long it waits for an answer. */
  readonly idleTimeoutMs: number;
  readonly pongTimeoutMs: number;
  /** [FLOOD] The room's rule, which a paced protocol's reads follow ([LEGACY-PACE]); none unless given. */
  readonly floodBurst?: number;
  readonly floodRate?: number;
  /** What the listener speaks ([SNIFF] on the main port unless given). */
  readonly protocol?: ListenerProtocol;
  readonly now: () => number;
  readonly scheduler?: SchedulerLike;
}

/**
 * Wraps one accepted socket: the returned `events$` yields `conn/opened`, then an event per
 * frame or protocol error, and ends with exactly one `conn/closed` or `conn/slow-consumer`,
 * whatever happens to the socket (errors, including our own, end this connection alone).
 */
export function createLink(
  socket: LinkSocket,
  id: ConnId,
  options: LinkOptions,
): { readonly link: Link; readonly events$: Observable<RoomEvent> } {
  const { now } = options;
  const outbound = createOutbound(socket, options);
  const timeouts = createLinkTimeouts({
    handshakeMs: options.handshakeTimeoutMs, idleMs: options.idleTimeoutMs, graceMs: options.pongTimeoutMs,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
  const { link, speak } = createLinkHandle(id, outbound, timeouts.welcomed);
  // [HOT-PATH] One subscription chain per connection, timeouts included.
  const body$ = fromSocket(socket).pipe(
    frameInbound(options.protocol ?? sniffMainPort, limitsOf(options), pacingOf(socket, options)),
    timeouts.watch,
    inboundEvents({ id, link, maxFrameBytes: options.maxFrameBytes, now, speak }),
  );
  const opened$ = defer(() => of<RoomEvent>({ type: 'conn/opened', conn: id, address: describeAddress(socket), at: now(), token: newToken() }));
  return { link, events$: concat(opened$, endsOnce(body$, outbound, id, now)).pipe(finalize(() => outbound.destroy())) };
}

/**
 * A connection's events, ended by exactly one `conn/closed` (the peer left, or the socket failed)
 * or `conn/slow-consumer` (the outbound queue dropped a peer that stopped reading).
 */
function endsOnce(body$: Observable<RoomEvent>, outbound: Outbound, conn: ConnId, now: () => number): Observable<RoomEvent> {
  const closed = (cause: string): RoomEvent => {
    const queuedBytes = outbound.slowBytes;
    return queuedBytes === undefined
      ? { type: 'conn/closed', conn, cause, at: now() }
      : { type: 'conn/slow-consumer', conn, queuedBytes, at: now() };
  };
  return body$.pipe(
    concatWith(defer(() => of(closed('closed by peer')))),
    catchError((error: unknown) => of(closed(describeError(error)))),
  );
}

function limitsOf(options: LinkOptions): AdapterLimits {
  return { maxFrameBytes: options.maxFrameBytes, maxTextLength: options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH };
}

/** [LEGACY-PACE] Bytes a paced peer may have waiting before its socket is paused. */
const PACE_BUFFER_BYTES = 64 * 1024;

/** [LEGACY-PACE] A paced protocol's reads follow the room's flood rule, by pausing the socket. */
function pacingOf(socket: LinkSocket, options: LinkOptions): Pacing | undefined {
  const { floodBurst, floodRate } = options;
  if (floodBurst === undefined || floodRate === undefined || floodRate <= 0) return undefined;
  return {
    rule: { burst: floodBurst, ratePerSec: floodRate },
    maxBufferedBytes: PACE_BUFFER_BYTES,
    now: options.now,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    flow: { pause: () => socket.pause(), resume: () => socket.resume() },
  };
}
