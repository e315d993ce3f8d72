import { encodeLegacy, type LegacyView } from '../../src/legacy-codec.js';
import { flushCarry, initialSplitState, splitLines, type SplitItem } from '../../src/line-splitter.js';
import type { ServerFrame } from '../../src/protocol.js';
import { decodeUtf8 } from '../../src/utf8.js';
import type { AdapterSession, Decoded, Framer, ProtocolAdapter } from './protocol-adapter.js';

const REGISTERED: LegacyView = { registered: true };
const BAD_UTF8: readonly Decoded[] = [{ kind: 'error', code: 'BAD_UTF8', message: 'text is not valid UTF-8' }];
const NOTHING: readonly Decoded[] = [];

function bytesOf(text: string | undefined): Uint8Array | undefined {
  return text === undefined ? undefined : Buffer.from(text);
}

/**
 * [LEGACY] The original Python chat's protocol: the first packet is a nickname, every later line or
 * packet a message to #lobby: the room reads each as one or the other ([LEGACY-LINE]). Until the
 * room says [REGISTERED], a refused nickname is answered `FALSE`.
 */
export const legacyAdapter: ProtocolAdapter = {
  id: 'legacy',
  pingsIdlePeers: false,
  paced: false,
  encodeShared: (frame) => bytesOf(encodeLegacy(frame, REGISTERED)),
  open(limits): AdapterSession {
    const view = { registered: false };
    return {
      framer: createPacketFramer(limits.maxFrameBytes),
      decode(line) {
        const text = decodeUtf8(line);
        if (text === undefined) return BAD_UTF8;
        // [LEGACY-LINE] Whether it is a nickname or a message is the reducer's to say.
        return text.trim().length === 0 ? NOTHING : [{ kind: 'frame', frame: { type: 'line', text } }];
      },
      encode: (frame: ServerFrame) => bytesOf(encodeLegacy(frame, view)),
      registered() {
        view.registered = true;
      },
    };
  },
};

/** [LEGACY-FRAMING] Lines of at most `maxBytes`, and each read's unterminated tail as a line too. */
function createPacketFramer(maxBytes: number): Framer {
  let state = initialSplitState;
  let items: SplitItem[] = [];
  let at = 0;
  return {
    push(chunk) {
      const result = splitLines(state, chunk, maxBytes);
      const flushed = flushCarry(result.state);
      state = flushed.state;
      items = [...items.slice(at), ...result.items, ...(flushed.line ? [{ kind: 'line', bytes: flushed.line } as const] : [])];
      at = 0;
    },
    next: () => (at < items.length ? items[at++] : undefined),
  };
}
