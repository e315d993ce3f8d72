import { boundTo } from '../adapters/registry.js';
import { websocketAdapter } from '../adapters/websocket-adapter.js';
import type { ListenerSpec } from '../chat-server.js';
import { httpGateway$, type HttpGatewayOptions } from './http-gateway.js';

/** [WS] The web page and its WebSocket gateway as one more listener of `chatServer$`. */
export function webListener(options: HttpGatewayOptions): ListenerSpec {
  return {
    host: options.host,
    port: options.port,
    ...(options.tls ? { tls: options.tls } : {}),
    protocol: boundTo(websocketAdapter),
    listen: (spec) => httpGateway$({ ...options, port: spec.port }),
  };
}
