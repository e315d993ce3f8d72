import type { Effect } from '../../src/effects.js';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { encodeIrcFrame } from '../../src/irc/irc-encode.js';
import { receiveIrcLine } from '../../src/irc/irc-receive.js';
import { initialIrcSession, type IrcSession } from '../../src/irc/irc-session.js';
import { deliverShared, shareIrcFrame, type IrcShared } from '../../src/irc/irc-shared.js';
import { PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions, type RoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';

/**
 * The real room reducer with IRC and native peers around it, routed as the effect router does
 * (personal frames encoded per connection, broadcasts shared once), with no sockets: raw IRC lines
 * in, raw IRC lines out.
 */
interface IrcPeer { readonly kind: 'irc'; session: IrcSession; text: string; closed: boolean }
interface NativePeer { readonly kind: 'native'; frames: ServerFrame[]; closed: boolean }

export interface IrcClient {
  readonly id: ConnId;
  /** Sends raw lines (no CR LF needed). */
  send(...lines: string[]): void;
  /** Lines received since the last read, without CR LF. */
  read(): string[];
  readonly session: IrcSession;
  readonly closed: boolean;
}

export interface NativeClient {
  readonly id: ConnId;
  send(frame: ClientFrame): void;
  read(): ServerFrame[];
  readonly closed: boolean;
}

export function createIrcRoom(options: Partial<RoomOptions> = {}) {
  const reduce = createRoomReducer({ ...defaultRoomOptions, ...options });
  let state: RoomState = initialRoomState;
  let at = Date.UTC(2026, 10, 30, 21, 0, 0);
  let nextId = 1;
  const peers = new Map<ConnId, IrcPeer | NativePeer>();
  /** How many times a shared frame was rendered, by frame: [BROADCAST-ONCE] is checkable. */
  const shared: IrcShared[] = [];

  function personal(id: ConnId, frame: ServerFrame): void {
    const peer = peers.get(id);
    if (!peer || peer.closed) return;
    if (peer.kind === 'native') { peer.frames.push(frame); return; }
    const encoded = encodeIrcFrame(peer.session, frame);
    peer.session = encoded.session;
    peer.text += encoded.text;
  }

  function many(ids: Iterable<ConnId>, except: ConnId | undefined, frame: ServerFrame): void {
    let share: IrcShared | undefined | null = null;
    for (const id of ids) {
      const peer = peers.get(id);
      if (id === except || !peer || peer.closed) continue;
      if (peer.kind === 'native') { peer.frames.push(frame); continue; }
      if (share === null) { share = shareIrcFrame(frame); if (share) shared.push(share); }
      if (!share) continue;
      const delivered = deliverShared(peer.session, share);
      peer.session = delivered.session;
      if (delivered.bytes) peer.text += new TextDecoder().decode(delivered.bytes);
    }
  }

  function route(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'send') personal(effect.to, effect.frame);
      else if (effect.type === 'broadcast') many(state.rooms.get(effect.room)?.members ?? [], effect.except, effect.frame);
      // [PRESENCE] Uncoalesced, as the router tells a presence effect without `coalescePresence`.
      else if (effect.type === 'presence') many(state.rooms.get(effect.room)?.members ?? [], effect.conn, effect.frame);
      else if (effect.type === 'multicast') many(effect.to, undefined, effect.frame);
      else if (effect.type === 'close') { const peer = peers.get(effect.conn); if (peer) peer.closed = true; }
    }
  }

  function apply(event: RoomEvent): void {
    const step = reduce(state, event);
    state = step.state;
    route(step.effects);
  }

  function open(peer: IrcPeer | NativePeer): ConnId {
    const id = nextId++;
    peers.set(id, peer);
    apply({ type: 'conn/opened', conn: id, address: `127.0.0.${id}:4000`, at: (at += 1000) });
    return id;
  }

  function irc(): IrcClient {
    const peer: IrcPeer = { kind: 'irc', session: initialIrcSession, text: '', closed: false };
    const id = open(peer);
    return {
      id,
      // As the server does ([WRITE-FIRST]): a turn's lines are all decoded before the room's answers
      // to them go out, so the adapter must not rely on an answer arriving before the next line.
      send(...lines) {
        const events: RoomEvent[] = [];
        for (const line of lines) {
          const step = receiveIrcLine(peer.session, new TextEncoder().encode(line));
          peer.session = step.session;
          let first = true;
          for (const item of step.out) {
            if (item.kind === 'reply') { peer.text += item.line; continue; }
            // [LINE-TOKEN] As the IRC adapter marks them: the frames after a line's first ride on its token.
            events.push({ type: 'conn/frame-received', conn: id, frame: item.frame, at: (at += 1000), ...(first ? {} : { sameLine: true as const }) });
            first = false;
          }
        }
        for (const event of events) apply(event);
      },
      read() {
        const lines = peer.text.split('\r\n');
        peer.text = lines.pop()!;
        return lines;
      },
      get session() { return peer.session; },
      get closed() { return peer.closed; },
    };
  }

  function native(nick?: string): NativeClient {
    const peer: NativePeer = { kind: 'native', frames: [], closed: false };
    const id = open(peer);
    const client: NativeClient = {
      id,
      send: (frame) => apply({ type: 'conn/frame-received', conn: id, frame, at: (at += 1000) }),
      read: () => peer.frames.splice(0),
      get closed() { return peer.closed; },
    };
    if (nick !== undefined) client.send({ type: 'hello', version: PROTOCOL_VERSION, nick });
    return client;
  }

  /** An IRC client registered as `nick` (CAP 302 with `caps`), its welcome burst read. */
  function ircUser(nick: string, caps: readonly string[] = []): IrcClient {
    const client = irc();
    if (caps.length > 0) client.send('CAP LS 302', `CAP REQ :${caps.join(' ')}`);
    client.send(`NICK ${nick}`, `USER ${nick} 0 * :${nick}`);
    if (caps.length > 0) client.send('CAP END');
    client.read();
    return client;
  }

  const disconnect = (id: ConnId) => apply({ type: 'conn/closed', conn: id, cause: 'test', at: (at += 1000) });

  return { irc, ircUser, native, disconnect, shared, get state() { return state; } };
}
