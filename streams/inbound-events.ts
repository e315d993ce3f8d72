import { Observable, type OperatorFunction } from 'rxjs';
import type { ConnId, RoomEvent } from '../src/events.js';
import type { AdapterSession, ProtocolAdapter } from './adapters/protocol-adapter.js';
import type { InboundItem } from './frame-inbound.js';
import type { Link } from './link-handle.js';
import type { TimeoutSignal } from './link-timeouts.js';

/** What turning one connection's inbound items into room events needs. */
export interface InboundContext {
  readonly id: ConnId;
  readonly link: Link;
  readonly maxFrameBytes: number;
  readonly now: () => number;
  /** Told the protocol once the read side knows it. */
  speak(adapter: ProtocolAdapter, session: AdapterSession): void;
}

/**
 * The events of one connection's inbound items: each line decoded by its adapter session into zero
 * or more `conn/frame-received` or `conn/protocol-error` events (local replies go straight back to
 * the peer), an over-long line a fatal protocol error, a timeout a `conn/timed-out`, an idle ping a
 * `ping` frame. Completes and errors with the source.
 *
 * [HOT-PATH] One subscriber per connection and one event per frame: no Subject, no inner
 * Observable per line.
 */
export function inboundEvents(ctx: InboundContext): OperatorFunction<InboundItem | TimeoutSignal, RoomEvent> {
  const { id: conn, link, now } = ctx;
  return (source) =>
    new Observable<RoomEvent>((subscriber) => {
      let session: AdapterSession | undefined;
      return source.subscribe({
        next(item) {
          switch (item.kind) {
            case 'protocol':
              session = item.session;
              ctx.speak(item.adapter, item.session);
              return;
            case 'overflow': {
              const message = `frame is longer than ${ctx.maxFrameBytes} bytes`;
              return subscriber.next({ type: 'conn/protocol-error', conn, code: 'FRAME_TOO_LARGE', message, fatal: true, at: now() });
            }
            case 'handshake-timeout':
              return subscriber.next({ type: 'conn/timed-out', conn, phase: 'handshake', at: now() });
            case 'idle-timeout':
              return subscriber.next({ type: 'conn/timed-out', conn, phase: 'idle', at: now() });
            case 'ping':
              return link.send({ type: 'ping', ref: `p${now()}` });
            case 'line': {
              if (session === undefined) return;
              // [LEGACY-PACE] A paced line is stamped with the time its token was taken.
              const at = 'at' in item ? item.at : now();
              for (const decoded of session.decode(item.bytes)) {
                if (decoded.kind === 'reply') link.sendBytes(decoded.bytes);
                else if (decoded.kind === 'frame') {
                  // [HOT-PATH] No spread per frame: the mark is rare (IRC lines of several frames).
                  subscriber.next(decoded.sameLine
                    ? { type: 'conn/frame-received', conn, frame: decoded.frame, at, sameLine: true }
                    : { type: 'conn/frame-received', conn, frame: decoded.frame, at });
                }
                else subscriber.next({ type: 'conn/protocol-error', conn, code: decoded.code, message: decoded.message, fatal: false, at });
              }
            }
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
