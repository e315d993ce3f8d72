import type { ClientEffect } from '../../src/client/client-effect.js';
import type { ClientEvent, UnstampedEvent } from '../../src/client/client-event.js';
import { reduceClient } from '../../src/client/client-reducer.js';
import { initialClientState, type ClientState } from '../../src/client/client-state.js';
import { LOBBY, PROTOCOL_VERSION, type ServerFrame } from '../../src/protocol.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/**
 * Drives the client reducer like the real program would, with a scripted server on the other
 * side: it records every effect, which refs the server has acknowledged or refused, and which
 * were sent on a connection that then dropped. Every state is frozen before the next event.
 */
export class ClientHarness {
  state: ClientState;
  now = 1_000;
  readonly effects: ClientEffect[] = [];
  online = false;
  helloPending = false;
  welcomed = false;
  /** Refs of say/msg frames sent on the current connection and not yet answered. */
  inFlight: string[] = [];
  readonly acked = new Set<string>();
  readonly refused = new Set<string>();
  readonly lostAtDrop = new Set<string>();
  readonly submitted = new Map<string, string>();
  readonly sendsOf = new Map<string, number>();
  /** Each say/msg sent while the harness was not registered (should never happen). */
  sentWhileUnregistered = 0;

  /** `nick: null` starts at the nickname prompt. */
  constructor(nick: string | null = 'alice', maxScrollback = 20, size = { cols: 80, rows: 24 }, bell = true) {
    this.state = deepFreeze(initialClientState({ server: 'test:1', bell, maxScrollback }, nick ?? undefined, size));
  }

  /** Feeds one event, stamps it, records its effects. */
  feed(event: UnstampedEvent): ClientEffect[] {
    this.now += 7;
    const step = reduceClient(this.state, { ...event, at: this.now } as ClientEvent);
    this.state = deepFreeze(step.state);
    for (const effect of step.effects) this.observe(effect);
    this.effects.push(...step.effects);
    return [...step.effects];
  }

  private observe(effect: ClientEffect): void {
    if (effect.type !== 'send') return;
    const frame = effect.frame;
    if (frame.type === 'hello') this.helloPending = this.online;
    if ((frame.type === 'say' || frame.type === 'msg') && frame.ref !== undefined) {
      if (!this.online || !this.welcomed) this.sentWhileUnregistered++;
      this.sendsOf.set(frame.ref, (this.sendsOf.get(frame.ref) ?? 0) + 1);
      this.inFlight.push(frame.ref);
    }
  }

  frame(frame: ServerFrame): ClientEffect[] {
    return this.feed({ type: 'conn/frame-received', frame });
  }

  connect(): void {
    if (this.online) return;
    this.online = true;
    this.feed({ type: 'conn/connected' });
  }

  welcome(members: readonly string[] = ['bob']): void {
    if (!this.helloPending || this.state.nick === undefined) return;
    this.helloPending = false;
    this.welcomed = true;
    this.frame({ type: 'welcome', version: PROTOCOL_VERSION, nick: this.state.nick, room: LOBBY, members: [this.state.nick, ...members], maxFrameBytes: 16384, maxTextLength: 4000 });
  }

  drop(): void {
    if (!this.online) return;
    this.online = false;
    this.welcomed = false;
    this.helloPending = false;
    for (const ref of this.inFlight) this.lostAtDrop.add(ref);
    this.inFlight = [];
    this.feed({ type: 'conn/disconnected', cause: 'test drop' });
  }

  /** Types a line and presses Enter; records the message's ref if it entered the outbox. */
  type(text: string): void {
    const before = this.state.outbox;
    this.feed({ type: 'key/typed', text });
    this.feed({ type: 'key/pressed', key: 'enter' });
    const added = this.state.outbox.length > before.length ? this.state.outbox[this.state.outbox.length - 1] : undefined;
    if (added && !before.includes(added)) this.submitted.set(added.ref, text);
  }

  /** The server answers the `i`-th outstanding message with an ack, or refuses it. */
  answer(i: number, refuse: boolean): void {
    if (!this.online || this.inFlight.length === 0) return;
    const [ref] = this.inFlight.splice(i % this.inFlight.length, 1);
    if (refuse) {
      this.refused.add(ref!);
      this.frame({ type: 'error', code: 'TEXT_EMPTY', message: 'refused', fatal: false, ref: ref! });
    } else {
      this.acked.add(ref!);
      this.frame({ type: 'ack', id: this.acked.size, ts: this.now, ref: ref! });
    }
  }
}
