import { sniffProtocol } from '../../src/sniff-protocol.js';
import { ircAdapter } from './irc-adapter.js';
import { legacyAdapter } from './legacy-adapter.js';
import { nativeAdapter } from './native-adapter.js';
import type { ProtocolAdapter } from './protocol-adapter.js';
import { websocketAdapter } from './websocket-adapter.js';

/** [ADAPTER] Every protocol the server can speak, by id. A new protocol is one more entry. */
export const protocolAdapters: ReadonlyMap<string, ProtocolAdapter> = new Map(
  [nativeAdapter, legacyAdapter, ircAdapter, websocketAdapter].map((adapter) => [adapter.id, adapter]),
);

/**
 * What a listener speaks: one adapter from the first byte (an IRC port), or whichever its peer's
 * first bytes show ([SNIFF]): `undefined` while they are not enough to tell.
 */
export type ListenerProtocol =
  | { readonly kind: 'bound'; readonly adapter: ProtocolAdapter }
  | { readonly kind: 'sniff'; readonly sniff: (bytes: Uint8Array) => ProtocolAdapter | undefined };

/** A listener that speaks one protocol only. */
export function boundTo(adapter: ProtocolAdapter): ListenerProtocol {
  return { kind: 'bound', adapter };
}

/** [SNIFF] The main port: `{` opens the native protocol, anything else is the original chat's. */
export const sniffMainPort: ListenerProtocol = {
  kind: 'sniff',
  sniff: (bytes) => {
    const id = sniffProtocol(bytes);
    return id === undefined ? undefined : protocolAdapters.get(id);
  },
};
