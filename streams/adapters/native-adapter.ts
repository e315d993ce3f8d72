import { stripFormatting } from '../../src/irc/irc-format.js';
import { decodeClientFrame, encodeFrame } from '../../src/native-codec.js';
import type { ServerFrame } from '../../src/protocol.js';
import { createLineFramer } from './line-framer.js';
import type { AdapterSession, ProtocolAdapter } from './protocol-adapter.js';

/**
 * Native bytes of a frame: one JSON line ([NATIVE]). [IRC-FORMAT] IRC formatting carried in texts
 * is stripped here, at the native edge: carriers occur only inside JSON strings, so stripping the
 * line strips every text field at once (one scan, and no copy when there is nothing to strip).
 */
export function encodeNative(frame: ServerFrame): Uint8Array {
  return Buffer.from(stripFormatting(encodeFrame(frame)));
}

/** [NATIVE] JSON lines: framed at LF within [FRAME-MAX], one frame per line, pinged when idle. */
export const nativeAdapter: ProtocolAdapter = {
  id: 'native',
  pingsIdlePeers: true,
  paced: false,
  encodeShared: encodeNative,
  open(limits): AdapterSession {
    return {
      framer: createLineFramer(limits.maxFrameBytes),
      decode(line) {
        const result = decodeClientFrame(line);
        return [result.ok ? { kind: 'frame', frame: result.value } : { kind: 'error', ...result.error }];
      },
      encode: encodeNative,
      registered() {},
    };
  },
};
