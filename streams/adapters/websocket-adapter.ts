import { decodeClientFrame } from '../../src/native-codec.js';
import type { SplitItem } from '../../src/line-splitter.js';
import { encodeNative } from './native-adapter.js';
import type { AdapterSession, Framer, ProtocolAdapter } from './protocol-adapter.js';

/**
 * [WS-MESSAGE] How the WebSocket socket hands a message to this adapter: one push per message, its
 * first byte saying whether the message was text (`WS_TEXT`) or binary (`WS_BINARY`).
 */
export const WS_TEXT = 0x74;
export const WS_BINARY = 0x62;

/**
 * [WS-FRAMING] One WebSocket message is one line: no LF framing (a message may hold any JSON,
 * newlines included). [FRAME-MAX] is enforced by `ws` itself (`maxPayload`), and again here.
 */
function createMessageFramer(maxBytes: number): Framer {
  const items: SplitItem[] = [];
  let bufferedBytes = 0;
  return {
    push(chunk) {
      const payload = chunk.length - 1;
      if (payload > maxBytes) {
        items.push({ kind: 'overflow' });
        return;
      }
      items.push({ kind: 'line', bytes: chunk });
      bufferedBytes += chunk.length;
    },
    next() {
      const item = items.shift();
      if (item?.kind === 'line') bufferedBytes -= item.bytes.length;
      return item;
    },
    hasLine: () => items.length > 0,
    get bufferedBytes() {
      return bufferedBytes;
    },
  };
}

/**
 * [WS] The native protocol over WebSocket: one JSON frame per text message, both ways. A binary
 * message is refused in words (`BAD_FRAME`) and the connection stays, as for any malformed frame.
 * Idle members are pinged with the native `ping`, like native TCP members ([IDLE]).
 */
export const websocketAdapter: ProtocolAdapter = {
  id: 'websocket',
  pingsIdlePeers: true,
  paced: false,
  // The socket sends each LF-ended line as its own text message ([WS-SEND]).
  encodeShared: encodeNative,
  open(limits): AdapterSession {
    return {
      framer: createMessageFramer(limits.maxFrameBytes),
      decode(message) {
        if (message[0] === WS_BINARY) {
          return [{ kind: 'error', code: 'BAD_FRAME', message: 'binary WebSocket messages are not accepted: send each frame as a text message' }];
        }
        const result = decodeClientFrame(message.subarray(1));
        return [result.ok ? { kind: 'frame', frame: result.value } : { kind: 'error', ...result.error }];
      },
      encode: encodeNative,
      registered() {},
    };
  },
};
