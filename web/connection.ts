import { backoffDelay } from '../src/client/backoff.js';
import type { UnstampedEvent } from '../src/client/client-event.js';
import { decodeServerFrame } from '../src/native-codec.js';
import type { ClientFrame } from '../src/protocol.js';

/**
 * [WEB-RECONNECT] The page's WebSocket to its own server (`/ws`, wss: under https), told to the
 * client reducer as the terminal client's connection events; after a drop it retries with the
 * shared backoff ([TUI-BACKOFF]) until it is back.
 */
export function createConnection(dispatch: (event: UnstampedEvent) => void) {
  let ws: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;

  function open(): void {
    dispatch({ type: 'conn/connecting', server: location.host });
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      dispatch({ type: 'conn/connected' });
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return dispatch({ type: 'conn/bad-frame', message: 'a binary message' });
      const decoded = decodeServerFrame(message.data);
      // [UNKNOWN-FRAMES] A frame type newer than this page is ignored, not reported.
      if (!decoded.ok && decoded.error.code === 'UNKNOWN_TYPE') return;
      dispatch(decoded.ok ? { type: 'conn/frame-received', frame: decoded.value } : { type: 'conn/bad-frame', message: decoded.error.message });
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = undefined;
      dispatch(attempt === 0 ? { type: 'conn/disconnected', cause: event.reason || `closed (${event.code})` } : { type: 'conn/failed', cause: `closed (${event.code})`, server: location.host });
      if (stopped) return;
      attempt += 1;
      const delayMs = backoffDelay(attempt, Math.random());
      dispatch({ type: 'conn/retry-scheduled', attempt, delayMs, server: location.host });
      setTimeout(open, delayMs);
    };
  }

  return {
    open,
    send(frame: ClientFrame): void {
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    },
    /** The connection stopped answering: close it; the retry takes over. */
    drop(): void {
      ws?.close();
    },
    stop(): void {
      stopped = true;
      ws?.close(1000);
    },
  };
}
