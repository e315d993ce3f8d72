import { defaultRoomOptions } from '../../src/room-reducer.js';
import type { ChatServerOptions } from '../../streams/chat-server.js';

/** Options for `chatServer$` in tests: port 0 on 127.0.0.1, quick closes, generous timeouts. */
export const testServerOptions: ChatServerOptions = {
  ...defaultRoomOptions,
  host: '127.0.0.1',
  port: 0,
  maxQueuedBytes: 1 << 20,
  drainTimeoutMs: 5_000,
  closeTimeoutMs: 200,
  shutdownTimeoutMs: 2_000,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  pongTimeoutMs: 10_000,
};
