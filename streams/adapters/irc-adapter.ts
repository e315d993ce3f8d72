import { encodeIrcFrame } from '../../src/irc/irc-encode.js';
import { IRC_FRAME_MAX } from '../../src/irc/irc-message.js';
import { receiveIrcLine } from '../../src/irc/irc-receive.js';
import { initialIrcSession, type IrcSession } from '../../src/irc/irc-session.js';
import { deliverShared, shareIrcFrame, type IrcShared } from '../../src/irc/irc-shared.js';
import type { ServerFrame } from '../../src/protocol.js';
import { createLineFramer } from './line-framer.js';
import type { AdapterSession, Decoded, ProtocolAdapter } from './protocol-adapter.js';

/** Wire text as a Buffer: what sockets write without converting (as the native adapter does). */
const toBuffer = (text: string): Uint8Array => Buffer.from(text);

/**
 * [IRC] IRC clients (irssi, WeeChat, HexChat, ii) on a port of their own: lines of at most
 * [IRC-LINE-MAX] bytes, decoded by the pure IRC session (src/irc/) into native frames and local
 * replies, and the room's frames rendered as IRC lines. A broadcast is rendered once per tag
 * variant and each reader takes its variant ([IRC-SHARED]); idle readers get `PING`.
 */
export const ircAdapter: ProtocolAdapter = {
  id: 'irc',
  pingsIdlePeers: true,
  paced: false,
  encodeShared: (frame) => shareIrcFrame(frame, toBuffer)?.bytes(0),
  shareFrame: (frame) => shareIrcFrame(frame, toBuffer),
  open(): AdapterSession {
    let session: IrcSession = initialIrcSession;
    return {
      framer: createLineFramer(IRC_FRAME_MAX),
      decode(line) {
        const step = receiveIrcLine(session, line);
        session = step.session;
        // [LINE-TOKEN] One IRC command costs one token: the frames after a line's first ride on it.
        let first = true;
        return step.out.map((item): Decoded => {
          if (item.kind === 'reply') return { kind: 'reply', bytes: toBuffer(item.line) };
          if (first) { first = false; return item; }
          return { ...item, sameLine: true };
        });
      },
      encode(frame: ServerFrame) {
        const encoded = encodeIrcFrame(session, frame);
        session = encoded.session;
        return encoded.text === '' ? undefined : toBuffer(encoded.text);
      },
      // The session learns its nick from the welcome it renders.
      registered() {},
      takeShared(shared) {
        // [HOT-PATH] Most broadcasts are messages: the reader's variant, no state to update.
        if ((shared as IrcShared).plain) return (shared as IrcShared).bytes(session.tagVariant);
        const delivered = deliverShared(session, shared as IrcShared);
        session = delivered.session;
        return delivered.bytes;
      },
    };
  },
};
