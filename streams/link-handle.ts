import type { ConnId } from '../src/events.js';
import type { ServerFrame } from '../src/protocol.js';
import { encodeNative } from './adapters/native-adapter.js';
import type { AdapterSession, ProtocolAdapter } from './adapters/protocol-adapter.js';
import type { Outbound } from './outbound.js';

/** What the effect router may do with one connection. */
export interface Link {
  readonly id: ConnId;
  /** Unknown until the listener's protocol is known ([SNIFF]: the first bytes). */
  readonly adapter: ProtocolAdapter | undefined;
  /** Renders a frame for this connection alone, in its protocol. */
  send(frame: ServerFrame): void;
  /** Bytes already rendered in this connection's protocol (a shared broadcast). */
  sendBytes(bytes: Uint8Array): void;
  /** [SHARED-PER-READER] A broadcast shared by its adapter's `shareFrame`, rendered for this reader. */
  sendShared(shared: object): void;
  /** [REGISTERED] The room welcomed this connection as `nick`. */
  registered(nick: string): void;
  close(): void;
  destroy(): void;
}

/**
 * The router's handle on one connection: frames rendered by the connection's adapter session into
 * its outbound queue. `speak` tells it the protocol once the read side knows it; `welcomed` is
 * called on [REGISTERED] (it ends the handshake timeout).
 */
export function createLinkHandle(id: ConnId, outbound: Outbound, welcomed: () => void) {
  let adapter: ProtocolAdapter | undefined;
  let session: AdapterSession | undefined;
  const link: Link = {
    id,
    get adapter() {
      return adapter;
    },
    send(frame) {
      // Before the first bytes the protocol is unknown: refusals go out as native JSON lines.
      const bytes = session ? session.encode(frame) : encodeNative(frame);
      if (bytes) outbound.enqueue(bytes);
    },
    sendBytes: outbound.enqueue,
    sendShared(shared) {
      const bytes = session?.takeShared?.(shared);
      if (bytes) outbound.enqueue(bytes);
    },
    registered(nick) {
      session?.registered(nick);
      welcomed();
    },
    close: () => outbound.end(),
    destroy: () => outbound.destroy(),
  };
  return {
    link,
    speak(chosen: ProtocolAdapter, opened: AdapterSession): void {
      adapter = chosen;
      session = opened;
    },
  };
}
