import type { ConnId } from '../../src/events.js';
import type { ClientFrame, ErrorCode, LeaveReason } from '../../src/protocol.js';
import { neutralizeControls } from '../../src/text-hygiene.js';
import { moderate } from './rooms-model-moderation.js';

/**
 * A reference model of issue 4's rooms, written from docs/protocol.md and docs/commands.md alone:
 * plain Maps and Sets, no structural sharing, no reducer code. `opened`, `frame` and `gone` apply one event to the
 * model and says what every connection should receive, as `to type detail` strings, so a test can
 * compare them with what the reducer's effects resolve to ([ROOM-NAME], [HISTORY-REPLAY], [OPER-SECRET]).
 */

export const LOBBY = '#lobby';
export const OPER_SECRET = 'sesame';
/** [NICK-LEN] [NICK-CHARS] */
const NICK_RULE = /^[A-Za-z0-9_-]{3,10}$/;
/** [ROOM-NAME] */
const ROOM_RULE = /^#[A-Za-z0-9_-]{1,20}$/;
const TOPIC_MAX = 300;
const AWAY_MAX = 200;
const REASON_MAX = 200;
/** [REASON-MAX] Quit, part and kick reasons: trimmed, cut, cleaned like texts. */
export const reasonWords = (reason: string) => neutralizeControls(reason.trim().slice(0, REASON_MAX));

export interface MConn { readonly id: ConnId; readonly host: string; readonly openedAt: number; activeAt: number; nick?: string; oper: boolean; away: string | null }
export interface MMessage { readonly id: number; readonly room: string; readonly from: string; readonly text: string; readonly action: boolean }
export interface MRoom { members: Set<ConnId>; history: MMessage[]; topic: string | null; by: string | null; locked: boolean }
export interface MBan { readonly nick: string; readonly host: string; readonly until: number | null }

/** What one event should do: every delivery as `"<to> <type> <detail>"`, the closes, and whether the state may change. */
export interface Prediction {
  deliveries: string[];
  closes: ConnId[];
  /** The event is refused or only asks: the reducer must return the very same state. */
  sameState: boolean;
  /** History frames the actor must receive, in this order (message ids). */
  replay: number[];
}

export class RoomsModel {
  readonly conns = new Map<ConnId, MConn>();
  readonly rooms = new Map<string, MRoom>([[LOBBY, emptyRoom()]]);
  bans: MBan[] = [];
  readonly mutes = new Map<string, number | null>();
  nextMessageId = 1;

  constructor(readonly historyLimit: number, readonly maxText: number, readonly motd: boolean, readonly caps = { rooms: Infinity, perMember: Infinity }) {}

  registered(): Map<ConnId, string> {
    return new Map([...this.conns].filter(([, c]) => c.nick !== undefined).map(([id, c]) => [id, c.nick!]));
  }

  byNick(nick: string): MConn | undefined {
    return [...this.conns.values()].find((c) => c.nick !== undefined && c.nick.toLowerCase() === nick.toLowerCase());
  }

  roomsOf(id: ConnId): string[] {
    return [...this.rooms].filter(([, r]) => r.members.has(id)).map(([name]) => name).sort();
  }

  nicksIn(room: string): string {
    return [...(this.rooms.get(room)?.members ?? [])].map((id) => this.conns.get(id)!.nick!).sort().join(',');
  }

  isMuted(nick: string, at: number): boolean {
    const until = this.mutes.get(nick.toLowerCase());
    return until !== undefined && (until === null || until > at);
  }

  isBanned(nick: string, host: string, at: number): boolean {
    return this.bans.some((b) => (b.until === null || b.until > at) && (b.nick === nick.toLowerCase() || b.host === host));
  }

  opened(id: ConnId, host: string, at: number): Prediction {
    this.conns.set(id, { id, host, openedAt: at, activeAt: at, oper: false, away: null });
    return { deliveries: [], closes: [], sameState: false, replay: [] };
  }

  /** The connection ends for `reason`: its rooms (all but itself) read `left`. */
  gone(id: ConnId, reason: LeaveReason, own: string[] = [], text?: string): Prediction {
    const conn = this.conns.get(id);
    if (!conn) return { deliveries: [], closes: [], sameState: true, replay: [] };
    const out = [...own];
    if (conn.nick !== undefined) {
      for (const room of this.roomsOf(id)) {
        this.leave(id, room);
        for (const to of this.rooms.get(room)?.members ?? []) out.push(`${to} left ${room}:${conn.nick}:${reason}:${text ?? ''}`);
      }
    }
    this.conns.delete(id);
    return { deliveries: out, closes: [id], sameState: false, replay: [] };
  }

  /** One frame from `id` at time `at`. */
  frame(id: ConnId, frame: ClientFrame, at: number): Prediction {
    const conn = this.conns.get(id);
    if (!conn) return { deliveries: [], closes: [], sameState: true, replay: [] };
    if (frame.type === 'hello') return this.hello(conn, frame.nick, at);
    if (frame.type === 'quit') return this.gone(id, 'quit', [`${id} bye goodbye`], frame.reason === undefined ? undefined : reasonWords(frame.reason));
    if (frame.type === 'ping') return answer([`${id} pong`]);
    if (frame.type === 'pong') return answer([]);
    if (conn.nick === undefined) return refused(id, 'NOT_REGISTERED');
    return this.member(conn as MConn & { nick: string }, frame, at);
  }

  private hello(conn: MConn, nick: string, at: number): Prediction {
    if (conn.nick !== undefined) return refused(conn.id, 'ALREADY_REGISTERED');
    if (!NICK_RULE.test(nick)) return refused(conn.id, 'NICK_INVALID');
    if (this.isBanned(nick, conn.host, at)) return { ...this.gone(conn.id, 'banned', [`${conn.id} error BANNED`]) };
    if (this.byNick(nick)) return refused(conn.id, 'NICK_TAKEN');
    conn.nick = nick;
    const entered = this.enter(conn.id, LOBBY);
    const motd = this.motd ? [`${conn.id} info`] : [];
    return { ...entered, deliveries: [`${conn.id} welcome ${nick}:`, ...motd, ...entered.deliveries] };
  }

  private member(conn: MConn & { nick: string }, frame: ClientFrame, at: number): Prediction {
    const id = conn.id;
    switch (frame.type) {
      case 'join': {
        if (!ROOM_RULE.test(frame.room)) return refused(id, 'ROOM_INVALID');
        const room = frame.room.toLowerCase();
        if (this.rooms.get(room)?.members.has(id)) return answer([`${id} room ${room}:${this.nicksIn(room)}`]);
        // [ROOM-CAP] rooms one member may be in, then rooms the server holds.
        if (this.roomsOf(id).length >= this.caps.perMember) return refused(id, 'TOO_MANY_ROOMS');
        if (!this.rooms.has(room) && this.rooms.size >= this.caps.rooms) return refused(id, 'TOO_MANY_ROOMS');
        return this.enter(id, room);
      }
      case 'part': {
        const room = frame.room.toLowerCase();
        if (!this.rooms.get(room)?.members.has(id)) return refused(id, 'NOT_IN_ROOM');
        this.leave(id, room);
        const left = `left ${room}:${conn.nick}:part:${frame.reason === undefined ? '' : reasonWords(frame.reason)}`;
        const others = [...(this.rooms.get(room)?.members ?? [])].map((to) => `${to} ${left}`);
        return changed([...others, `${id} ${left}`]);
      }
      case 'names': {
        const room = frame.room.toLowerCase();
        if (!this.rooms.get(room)?.members.has(id)) return refused(id, 'NOT_IN_ROOM');
        return answer([`${id} room ${room}:${this.nicksIn(room)}`]);
      }
      case 'rooms':
        return answer([`${id} rooms ${[...this.rooms].map(([n, r]) => `${n}=${r.members.size}`).sort().join(',')}`]);
      case 'say': return this.say(conn, frame.room ?? LOBBY, frame.text, frame.kind === 'action', at);
      case 'msg': return this.msg(conn, frame.to, frame.text, at);
      case 'history': return this.history(id, frame.room, frame.limit);
      case 'topic': return this.topic(conn, frame.room, frame.text);
      case 'lock-topic': {
        if (!conn.oper) return refused(id, 'NOT_OPERATOR');
        const room = this.rooms.get(frame.room.toLowerCase());
        if (!room) return refused(id, 'ROOM_INVALID');
        if (room.locked === frame.locked) return answer([`${id} info`]);
        room.locked = frame.locked;
        // `by` is who set the topic, whoever locks it: the same words a /topic query gives.
        return changed([...room.members].map((to) => `${to} topic ${frame.room.toLowerCase()}:${room.topic}:${room.by}:${room.locked}`));
      }
      case 'nick': return this.nick(conn, frame.nick, at);
      case 'whois': {
        const who = this.byNick(frame.nick);
        if (!who) return refused(id, 'NO_SUCH_NICK');
        return answer([`${id} whois ${who.nick}:${this.roomsOf(who.id).join(',')}:${who.away}:${who.oper}:${who.openedAt}:${at - who.activeAt}`]);
      }
      case 'away': {
        const reason = frame.reason?.trim();
        if (reason !== undefined && reason.length > AWAY_MAX) return refused(id, 'TEXT_TOO_LONG');
        const away = reason ? neutralizeControls(reason) : null;
        const same = conn.away === away;
        conn.away = away;
        // [AWAY-NOTIFY] A change is told to the other members of each of the sender's rooms.
        const told = same ? [] : this.roomsOf(id).flatMap((room) =>
          [...this.rooms.get(room)!.members].filter((to) => to !== id).map((to) => `${to} away ${room}:${conn.nick}:${away}`));
        return { ...answer([`${id} info`, ...told]), sameState: same };
      }
      case 'motd': return answer([`${id} info`]);
      case 'oper': {
        if (frame.secret !== OPER_SECRET) return refused(id, 'OPER_FAILED');
        const same = conn.oper;
        conn.oper = true;
        return { ...answer([`${id} info`]), sameState: same };
      }
      case 'kick':
      case 'ban':
      case 'unban':
      case 'mute':
      case 'unmute':
        return moderate(this, conn, frame, at);
      default:
        throw new TypeError(`the model does not know ${frame.type}`);
    }
  }

  private enter(id: ConnId, room: string): Prediction {
    const r = this.rooms.get(room) ?? emptyRoom();
    this.rooms.set(room, r);
    const others = [...r.members];
    r.members.add(id);
    const nick = this.conns.get(id)!.nick!;
    const replay = r.history.map((m) => m.id);
    return {
      deliveries: [
        `${id} room ${room}:${this.nicksIn(room)}`,
        ...r.history.map((m) => `${id} message ${describe(m, true)}`),
        ...others.map((to) => `${to} joined ${room}:${nick}`),
      ],
      closes: [], sameState: false, replay,
    };
  }

  private leave(id: ConnId, room: string): void {
    const r = this.rooms.get(room)!;
    r.members.delete(id);
    // [ROOM-KEPT] An emptied room other than #lobby disappears unless it has a topic, a lock or history.
    if (r.members.size === 0 && room !== LOBBY && r.topic === null && !r.locked && r.history.length === 0) this.rooms.delete(room);
  }

  private textRefusal(conn: MConn & { nick: string }, text: string, at: number): Prediction | undefined {
    if (text.trim() === '') return refused(conn.id, 'TEXT_EMPTY');
    if (text.length > this.maxText) return refused(conn.id, 'TEXT_TOO_LONG');
    if (this.isMuted(conn.nick, at)) return refused(conn.id, 'MUTED');
    return undefined;
  }

  private say(conn: MConn & { nick: string }, roomName: string, text: string, action: boolean, at: number): Prediction {
    const room = roomName.toLowerCase();
    const r = this.rooms.get(room);
    if (!r?.members.has(conn.id)) return refused(conn.id, 'NOT_IN_ROOM');
    const refusal = this.textRefusal(conn, text, at);
    if (refusal) return refusal;
    const message: MMessage = { id: this.nextMessageId++, room, from: conn.nick, text: neutralizeControls(text), action };
    conn.activeAt = at;
    if (this.historyLimit > 0) r.history = [...r.history, message].slice(-this.historyLimit);
    const to = [...r.members].filter((m) => m !== conn.id);
    return changed([`${conn.id} ack ${message.id}`, ...to.map((m) => `${m} message ${describe(message, false)}`)]);
  }

  private msg(conn: MConn & { nick: string }, nick: string, text: string, at: number): Prediction {
    const target = this.byNick(nick);
    if (!target) return refused(conn.id, 'NO_SUCH_NICK');
    const refusal = this.textRefusal(conn, text, at);
    if (refusal) return refusal;
    const id = this.nextMessageId++;
    conn.activeAt = at;
    const away = target.away === null ? [] : [`${conn.id} info`];
    return changed([`${target.id} private ${id}:${conn.nick}>${target.nick}:${neutralizeControls(text)}`, `${conn.id} ack ${id}`, ...away]);
  }

  private history(id: ConnId, roomName: string, limit: number | undefined): Prediction {
    const r = this.rooms.get(roomName.toLowerCase());
    if (!r?.members.has(id)) return refused(id, 'NOT_IN_ROOM');
    // [ARCHIVE] More than memory holds is read from the archive.
    if (limit !== undefined && limit > r.history.length) return answer([`${id} archive history:${roomName.toLowerCase()}:${limit}`]);
    const replay = r.history.slice(r.history.length - Math.min(limit ?? r.history.length, r.history.length));
    if (replay.length === 0) return answer([`${id} info`]);
    return { ...answer(replay.map((m) => `${id} message ${describe(m, true)}`)), replay: replay.map((m) => m.id) };
  }

  private topic(conn: MConn & { nick: string }, roomName: string, text: string | undefined): Prediction {
    const room = roomName.toLowerCase();
    const r = this.rooms.get(room);
    if (!r?.members.has(conn.id)) return refused(conn.id, 'NOT_IN_ROOM');
    if (text === undefined) return answer([`${conn.id} topic ${room}:${r.topic}:${r.by}:${r.locked}`]);
    if (r.locked && !conn.oper) return refused(conn.id, 'TOPIC_LOCKED');
    if (text.length > TOPIC_MAX) return refused(conn.id, 'TEXT_TOO_LONG');
    r.topic = neutralizeControls(text.trim()) || null;
    r.by = r.topic === null ? null : conn.nick;
    return changed([...r.members].map((to) => `${to} topic ${room}:${r.topic}:${conn.nick}:${r.locked}`));
  }

  private nick(conn: MConn & { nick: string }, nick: string, at: number): Prediction {
    if (!NICK_RULE.test(nick)) return refused(conn.id, 'NICK_INVALID');
    const owner = this.byNick(nick);
    if (owner && owner.id !== conn.id) return refused(conn.id, 'NICK_TAKEN');
    // Bans cover the nickname (any case): nobody takes a banned nickname, by hello or by /nick.
    if (this.isBanned(nick, '', at) && nick.toLowerCase() !== conn.nick.toLowerCase()) return refused(conn.id, 'NICK_TAKEN');
    if (nick === conn.nick) return answer([]);
    const old = conn.nick;
    // A mute in force follows its holder to the new nick and stays on the old one too (so renaming
    // through a muted nick cannot wipe it); when both nicks are muted, the longer mute wins.
    if (this.isMuted(old, at)) {
      const from = this.mutes.get(old.toLowerCase())!;
      const to = this.isMuted(nick, at) ? this.mutes.get(nick.toLowerCase())! : from;
      this.mutes.set(nick.toLowerCase(), from === null || to === null ? null : Math.max(from, to));
    }
    conn.nick = nick;
    const neighbours = new Set<ConnId>([conn.id]);
    for (const r of this.rooms.values()) if (r.members.has(conn.id)) r.members.forEach((m) => neighbours.add(m));
    return changed([...neighbours].map((to) => `${to} nick ${old}>${nick}`));
  }
}

const emptyRoom = (): MRoom => ({ members: new Set(), history: [], topic: null, by: null, locked: false });
const describe = (m: MMessage, history: boolean) => `${m.id}:${m.room}:${m.from}:${m.action ? '*' : ''}${m.text}${history ? ':history' : ''}`;
export const refused = (to: ConnId, code: ErrorCode): Prediction => ({ deliveries: [`${to} error ${code}`], closes: [], sameState: true, replay: [] });
const answer = (deliveries: string[]): Prediction => ({ deliveries, closes: [], sameState: true, replay: [] });
export const changed = (deliveries: string[]): Prediction => ({ deliveries, closes: [], sameState: false, replay: [] });
