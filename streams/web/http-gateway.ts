import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Observable } from 'rxjs';
import { WebSocketServer } from 'ws';
import { originAllowed } from '../../src/web-origin.js';
import type { ListenItem, TlsMaterial } from '../listen.js';
import { createStaticFiles } from './static-files.js';
import { WsSocket } from './ws-socket.js';

/** [WS-PATH] Where the page opens its WebSocket. */
export const WS_PATH = '/ws';
/** [WS-PING] Default interval of WebSocket pings; a reverse proxy's read timeout must be above it. */
export const DEFAULT_WS_PING_MS = 30_000;
/** [WS-LINGER] How long a page that went away (a reload) may take to come back and resume, unseen. */
export const DEFAULT_WS_LINGER_MS = 10_000;
/** [WEB-SLOW] Bounds on an HTTP request before it is an upgrade or a file: a slowloris waits no longer. */
const HEADERS_TIMEOUT_MS = 10_000;
const KEEPALIVE_MS = 60_000;

export interface HttpGatewayOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsMaterial;
  /** The built page's folder ([WEB-STATIC]). */
  readonly root: string;
  /** [WS-ORIGIN] Origins allowed to open a WebSocket; empty: the page's own origin only. */
  readonly origins: readonly string[];
  /** [FRAME-MAX] `maxPayload`: a longer message closes the connection (1009). */
  readonly maxFrameBytes: number;
  readonly pingIntervalMs?: number;
  readonly lingerMs?: number;
}

/**
 * [WS] The HTTP(S) port of `rxchat serve`: the page's files, and at `/ws` WebSocket upgrades
 * (checked by [WS-ORIGIN]) emitted as sockets for the room's links, after `listening`, as
 * `listen$` does for TCP. Errors if it cannot listen; unsubscribing stops listening (the
 * WebSockets already emitted are their links' to close).
 */
export function httpGateway$(options: HttpGatewayOptions): Observable<ListenItem> {
  return new Observable<ListenItem>((subscriber) => {
    let files: ReturnType<typeof createStaticFiles>;
    try {
      files = createStaticFiles(options.root);
    } catch {
      subscriber.error(new Error(`the web page's folder ${options.root} is missing (npm run build makes it)`));
      return undefined;
    }
    const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }) : createServer();
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    server.requestTimeout = HEADERS_TIMEOUT_MS * 3;
    const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
    const pingIntervalMs = options.pingIntervalMs ?? DEFAULT_WS_PING_MS;
    const lingerMs = options.lingerMs ?? DEFAULT_WS_LINGER_MS;
    const refuse = (socket: Socket, status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroySoon?.();
    };
    server.on('request', files);
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      if (new URL(req.url ?? '/', 'http://x').pathname !== WS_PATH) return refuse(socket, '404 Not Found');
      if (!originAllowed(req.headers.origin, req.headers.host, options.tls !== undefined, options.origins)) {
        return refuse(socket, '403 Forbidden');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.setNoDelay(true);
        socket.setKeepAlive(true, KEEPALIVE_MS);
        const { remoteAddress, remotePort } = socket;
        subscriber.next({ kind: 'socket', socket: new WsSocket(ws, { raw: socket, remoteAddress, remotePort, pingIntervalMs, lingerMs }) });
      });
    });
    server.on('tlsClientError', (error: Error, socket: Socket) => {
      socket.destroy();
      subscriber.next({ kind: 'tls-error', message: error.message });
    });
    server.on('error', (error) => subscriber.error(error));
    server.listen({ host: options.host, port: options.port, backlog: 4096 }, () => {
      subscriber.next({ kind: 'listening', address: server.address() as AddressInfo });
    });
    return () => {
      server.close();
      server.closeIdleConnections();
    };
  });
}
