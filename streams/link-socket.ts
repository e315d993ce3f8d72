import type { ReadableSocket } from './from-socket.js';
import type { WritableSink } from './sink.js';

/**
 * What a connection link needs of its socket: a TCP or TLS socket, or a WebSocket dressed as one
 * ([WS], `streams/web/ws-socket.ts`).
 */
export type LinkSocket = ReadableSocket & WritableSink & {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
  pause(): unknown;
  resume(): unknown;
};
