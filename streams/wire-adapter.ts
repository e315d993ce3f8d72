import { encodeLegacy } from '../src/legacy-codec.js';
import { decodeClientFrame, encodeFrame } from '../src/native-codec.js';
import type { ClientFrame, ErrorCode, ServerFrame } from '../src/protocol.js';
import type { WireProtocol } from '../src/sniff-protocol.js';
import { decodeUtf8 } from '../src/utf8.js';

/** One decoded line: a frame for the room, or a refusal to report. */
export type Decoded =
  | { readonly kind: 'frame'; readonly frame: ClientFrame }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string };


/**
 * The codec of one connection, with the little state a protocol needs: the legacy protocol reads
 * the first line as a nickname until the server has said `TRUE`.
 */
export interface WireAdapter {
  readonly protocol: WireProtocol;
  decode(line: Uint8Array): Decoded | undefined;
  /** Bytes for a frame meant for this connection alone, or `undefined` if it has no wire form. */
  encode(frame: ServerFrame): Uint8Array | undefined;
}

export function createWireAdapter(protocol: WireProtocol): WireAdapter {
  return protocol === 'native' ? nativeAdapter : createLegacyAdapter();
}

const nativeAdapter: WireAdapter = {
  protocol: 'native',
  decode(line) {
    const result = decodeClientFrame(line);
    return result.ok ? { kind: 'frame', frame: result.value } : { kind: 'error', ...result.error };
  },
  encode: encodeNative,
};

function createLegacyAdapter(): WireAdapter {
  const view = { registered: false };
  return {
    protocol: 'legacy',
    decode(line) {
      const text = decodeUtf8(line);
      if (text === undefined) return { kind: 'error', code: 'BAD_UTF8', message: 'text is not valid UTF-8' };
      // [LEGACY-LINE] Whether it is a nickname or a message is the reducer's to say.
      return text.trim().length === 0 ? undefined : { kind: 'frame', frame: { type: 'line', text } };
    },
    encode(frame) {
      const text = encodeLegacy(frame, view);
      if (frame.type === 'welcome') view.registered = true;
      return text === undefined ? undefined : Buffer.from(text);
    },
  };
}

/** Native bytes of a frame. */
export function encodeNative(frame: ServerFrame): Uint8Array {
  return Buffer.from(encodeFrame(frame));
}

/** Legacy bytes of a frame shared by many recipients (its wire form does not depend on them). */
export function encodeLegacyShared(frame: ServerFrame): Uint8Array | undefined {
  const text = encodeLegacy(frame, { registered: true });
  return text === undefined ? undefined : Buffer.from(text);
}
