import { stripFormatting } from '../../src/irc/irc-format.js';
import { encodeLegacy, type LegacyView } from '../../src/legacy-codec.js';
import { takeMessage, type Taken } from '../../src/legacy-stream.js';
import { NICK_MAX } from '../../src/nickname.js';
import type { ServerFrame } from '../../src/protocol.js';
import { decodeUtf8 } from '../../src/utf8.js';
import type { AdapterSession, Decoded, Framer, ProtocolAdapter } from './protocol-adapter.js';

const REGISTERED: LegacyView = { registered: true };
const BAD_UTF8: readonly Decoded[] = [{ kind: 'error', code: 'BAD_UTF8', message: 'text is not valid UTF-8' }];
const NOTHING: readonly Decoded[] = [];

/** [IRC-FORMAT] IRC formatting carried in texts is stripped at this edge, as at the native one. */
function bytesOf(text: string | undefined): Uint8Array | undefined {
  return text === undefined ? undefined : Buffer.from(stripFormatting(text));
}

/**
 * [LEGACY] The original Python chat's protocol: the first packet is a nickname, every later line or
 * packet a message to #lobby: the room reads each as one or the other ([LEGACY-LINE]). Until the
 * room says [REGISTERED], a refused nickname is answered `FALSE`. Its clients cannot pace
 * themselves, so the server reads them no faster than [FLOOD] lets their messages through
 * ([LEGACY-PACE]).
 */
export const legacyAdapter: ProtocolAdapter = {
  id: 'legacy',
  pingsIdlePeers: false,
  paced: true,
  encodeShared: (frame) => bytesOf(encodeLegacy(frame, REGISTERED)),
  open(limits): AdapterSession {
    const view = { registered: false };
    return {
      // A nickname is never cut, however small the text limit: before [REGISTERED] the cut allows one.
      framer: createStreamFramer(() => (view.registered ? limits.maxTextLength : Math.max(limits.maxTextLength, NICK_MAX))),
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

/**
 * [LEGACY-STREAM] The original protocol's byte stream cut into messages: at LF, at the text limit
 * and at the end of what has arrived (see `takeMessage`). Never an overflow: a burst of any size is
 * relayed whole, and what waits here is at most one read plus a few bytes of an unfinished line.
 */
export function createStreamFramer(maxTextLength: () => number): Framer {
  let pending: Uint8Array = EMPTY;
  /** The next message, looked at but not taken: a push forgets it, so new bytes can join it. */
  let peeked: Taken | undefined;
  /** Drops blank lines and waiting blanks from `pending`; then the next message, if there is one. */
  function look(): Taken | undefined {
    for (;;) {
      const taken = takeMessage(pending, maxTextLength());
      if (taken.message !== undefined) return taken;
      if (taken.rest.length === pending.length) {
        // What waits for more is a few bytes: copy them rather than pin a whole read buffer.
        if (pending.length > 0 && pending.buffer.byteLength > pending.length) pending = pending.slice();
        return undefined;
      }
      pending = taken.rest;
    }
  }
  return {
    push(chunk) {
      peeked = undefined;
      pending = pending.length === 0 ? chunk : concat(pending, chunk);
    },
    next() {
      const taken = peeked ?? look();
      peeked = undefined;
      if (taken === undefined) return undefined;
      pending = taken.rest;
      return { kind: 'line', bytes: taken.message! };
    },
    hasLine() {
      peeked ??= look();
      return peeked !== undefined;
    },
    get bufferedBytes() {
      return pending.length;
    },
  };
}

const EMPTY = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
