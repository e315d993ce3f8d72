import { describe, expect, test } from 'vitest';
import type { ConnId } from '../../src/events.js';
import type { ServerFrame } from '../../src/protocol.js';
import { ircAdapter } from '../../streams/adapters/irc-adapter.js';
import { nativeAdapter } from '../../streams/adapters/native-adapter.js';
import { legacyAdapter } from '../../streams/adapters/legacy-adapter.js';
import type { Link } from '../../streams/connection-link.js';
import { createEffectRouter } from '../../streams/effect-router.js';
import { initialRoomState } from '../../src/room-state.js';

const limits = { maxFrameBytes: 16_384, maxTextLength: 4_000 };
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

/** An IRC session welcomed as `nick` with `caps`. */
function welcomed(nick: string, caps: readonly string[]) {
  const session = ircAdapter.open(limits);
  if (caps.length > 0) session.decode(bytes(`CAP REQ :${caps.join(' ')}`));
  session.decode(bytes(`NICK ${nick}`));
  session.decode(bytes(`USER ${nick} 0 * :${nick}`));
  session.encode({ type: 'welcome', version: 1, nick, room: '#lobby', members: [nick], maxFrameBytes: 1, maxTextLength: 1 });
  return session;
}

describe('[IRC] the adapter on the registry', () => {
  test('[LINE-TOKEN] the frames after the first of one line are marked sameLine; the next line starts afresh', () => {
    const session = welcomed('alice', []);
    expect(session.decode(bytes('JOIN #a,#b,#c'))).toEqual([
      { kind: 'frame', frame: { type: 'join', room: '#a', allNames: true } },
      { kind: 'frame', frame: { type: 'join', room: '#b', allNames: true }, sameLine: true },
      { kind: 'frame', frame: { type: 'join', room: '#c', allNames: true }, sameLine: true },
    ]);
    const [history, marker] = session.decode(bytes('HISTORY #a 5'));
    expect(history).toEqual({ kind: 'frame', frame: { type: 'history', room: '#a', limit: 5 } });
    expect(marker).toEqual({ kind: 'frame', frame: { type: 'ping', ref: expect.stringMatching(/^irc-mark:/) }, sameLine: true });
  });

  test('decode gives frames and local replies (as bytes) in order; a line answered alone is charged through a ping', () => {
    const session = ircAdapter.open(limits);
    // A line with no answer of its own still costs a token ([IRC-FLOOD]): a ping whose pong says nothing.
    const [nick] = session.decode(bytes('NICK alice'));
    expect(nick).toEqual({ kind: 'frame', frame: { type: 'ping', ref: expect.stringMatching(/^irc-local:\d+$/) } });
    expect(session.encode({ type: 'pong', ts: 1, ref: (nick as { frame: { ref: string } }).frame.ref })).toBeUndefined();
    expect(session.decode(bytes('USER a 0 * :A'))).toEqual([{ kind: 'frame', frame: { type: 'hello', version: 1, nick: 'alice', allNames: true } }]);
    const [charge] = session.decode(bytes('CAP LS'));
    expect(charge).toEqual({ kind: 'frame', frame: { type: 'ping', ref: expect.stringMatching(/^irc-local:\d+$/) } });
    const ref = (charge as { frame: { ref: string } }).frame.ref;
    expect(text(session.encode({ type: 'pong', ts: 1, ref }))).toBe(':rxchat CAP * LS :away-notify echo-message message-tags multi-prefix sasl server-time\r\n');
    // Each held reply comes out once.
    expect(session.encode({ type: 'pong', ts: 1, ref })).toBeUndefined();
  });

  test('[SHARED-PER-READER] a broadcast is shared once; readers with the same tags get the very same bytes', () => {
    const frame: ServerFrame = { type: 'message', id: 7, ts: 0, room: '#lobby', from: 'bob', text: 'hi' };
    const shared = ircAdapter.shareFrame!(frame)!;
    const [a, b, t] = [welcomed('alice', []), welcomed('carol', []), welcomed('dave', ['server-time'])];
    const [fromA, fromB, fromT] = [a.takeShared!(shared), b.takeShared!(shared), t.takeShared!(shared)];
    expect(fromA).toBe(fromB);
    expect(text(fromA)).toBe(':bob!bob@rxchat PRIVMSG #lobby :hi\r\n');
    expect(text(fromT)).toBe('@time=1970-01-01T00:00:00.000Z :bob!bob@rxchat PRIVMSG #lobby :hi\r\n');
    expect(text(ircAdapter.encodeShared(frame))).toBe(':bob!bob@rxchat PRIVMSG #lobby :hi\r\n');
  });

  test('[IRC-FORMAT] the native and legacy edges strip IRC formatting carried in a text', () => {
    const frame: ServerFrame = { type: 'message', id: 1, ts: 0, room: '#lobby', from: 'bob', text: '\ufdd2bold\ufdd2 \ufdd312,4red' };
    expect(text(nativeAdapter.encodeShared(frame))).toContain('"text":"bold red"');
    expect(text(legacyAdapter.encodeShared(frame))).toBe('bob: bold red\n');
  });

  test('the router hands an IRC group one shared object and each link renders its own', () => {
    const got: Array<{ id: ConnId; shared: object }> = [];
    const link = (id: ConnId): Link => ({
      id, adapter: ircAdapter, send: () => {}, sendBytes: () => {}, registered: () => {}, close: () => {}, destroy: () => {},
      sendShared: (shared) => void got.push({ id, shared }),
    });
    const links = new Map<ConnId, Link>([[1, link(1)], [2, link(2)], [3, link(3)]]);
    const route = createEffectRouter(links, () => {});
    const frame: ServerFrame = { type: 'joined', ts: 0, room: '#a', nick: 'x' };
    route({ state: initialRoomState, effects: [{ type: 'multicast', to: [1, 2, 3], frame }] });
    expect(got.map((g) => g.id)).toEqual([1, 2, 3]);
    expect(new Set(got.map((g) => g.shared)).size).toBe(1);
  });
});
