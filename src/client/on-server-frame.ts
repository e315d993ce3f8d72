import { assertNever } from '../assert-never.js';
import { foldNick } from '../nickname.js';
import type { AckFrame, ErrorCode, ErrorFrame, MessageFrame, PrivateFrame, ServerFrame } from '../protocol.js';
import type { ClientEffect, ClientStep } from './client-effect.js';
import type { ClientState } from './client-state.js';
import { addEntry, addSystem, stepTo, unchanged } from './client-step.js';
import { placeReplay, searchResults, showsId } from './on-archive.js';
import { UNCONFIRMED_MAX } from './on-connection.js';
import { onRoomFrame } from './on-room-frame.js';
import { onWelcome } from './on-welcome.js';
import { rememberLine } from './input-history.js';
import { emptyInput, inputText } from './input-line.js';
import { requeue, settle } from './outbox.js';
import { sendNextQueued } from './send-message.js';
import { mentions } from './room-members.js';
import { updateLastEntry } from './scrollback.js';

/**
 * [TUI-FRAMES] What each server frame does to the client: one case per frame type, so a new
 * kind of server event is one more case here (or in `on-room-frame.ts`) and one in the view.
 */
export function onServerFrame(state: ClientState, frame: ServerFrame, at: number): ClientStep<ClientState> {
  switch (frame.type) {
    case 'welcome':
      return onWelcome(state, frame, at);
    case 'message':
      return message(state, frame);
    case 'private':
      return privateMessage(state, frame);
    case 'ack':
      return ack(state, frame);
    case 'error':
      return error(state, frame, at);
    case 'pong':
      return state.ping !== undefined && frame.ref === state.ping.ref
        ? stepTo({ ...state, latencyMs: Math.max(0, at - state.ping.at), ping: undefined })
        : unchanged(state);
    case 'ping':
      // [IDLE] The server checks we are alive.
      return stepTo(state, { type: 'send', frame: { type: 'pong', ref: frame.ref } });
    case 'bye':
      if (state.phase === 'leaving') return unchanged(state);
      // [TUI-FINAL] After a kick, a ban or a takeover, coming back would be wrong: say why and stop.
      if (frame.code === 'kicked' || frame.code === 'banned' || frame.code === 'resumed') {
        return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 1, message: frame.reason });
      }
      return stepTo(addSystem(state, at, 'error', `server closed the connection: ${frame.reason}`));
    case 'search':
      return stepTo(searchResults(state, frame, at));
    case 'away':
      // [AWAY-NOTIFY] Not shown: `/whois` says who is away.
      return unchanged(state);
    case 'joined': case 'left': case 'presence': case 'room': case 'topic': case 'rooms': case 'nick': case 'whois': case 'info':
      return onRoomFrame(state, frame, at);
    default:
      return assertNever(frame);
  }
}

function isIgnored(state: ClientState, nick: string): boolean {
  return state.ignored.includes(foldNick(nick));
}

/**
 * [TUI-HISTORY-REPLAY] A replayed message already in the scrollback (the server replays a room's
 * history on every join, so also after each reconnect) is not shown twice: known by its id, or,
 * for an own message whose ack the connection lost, by its time, room, sender and text.
 */
function alreadyShown(state: ClientState, frame: MessageFrame): boolean {
  if (showsId(state, frame.room, frame.id)) return true;
  const entries = state.log.entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if ((e.kind === 'message' || (e.kind === 'own' && e.delivery === 'acked')) && e.ts === frame.ts && e.room === frame.room && e.from === frame.from && e.text === frame.text) return true;
  }
  return false;
}

function message(state: ClientState, frame: MessageFrame): ClientStep<ClientState> {
  if (isIgnored(state, frame.from) || (frame.history === true && alreadyShown(state, frame))) return unchanged(state);
  const mention = foldNick(frame.from) !== foldNick(state.nick ?? '') && mentions(frame.text, state.nick);
  const entry = {
    kind: 'message', ts: frame.ts, room: frame.room, from: frame.from, text: frame.text,
    mention, action: frame.kind === 'action', history: frame.history === true, id: frame.id,
  } as const;
  const next = frame.history === true ? placeReplay(state, entry, frame.id) : addEntry(state, entry);
  const effects: ClientEffect[] = mention && state.options.bell && frame.history !== true ? [{ type: 'bell' }] : [];
  return stepTo(next, ...effects);
}

function privateMessage(state: ClientState, frame: PrivateFrame): ClientStep<ClientState> {
  if (isIgnored(state, frame.from)) return unchanged(state);
  const next = addEntry({ ...state, lastPrivate: frame.from }, {
    kind: 'private', ts: frame.ts, room: undefined, from: frame.from, to: frame.to, text: frame.text, action: frame.kind === 'action',
  });
  return stepTo(next, ...(state.options.bell ? [{ type: 'bell' } as const] : []));
}

/** [TUI-ACK] The server took an own message: it is no longer pending and gets the server's time. */
function ack(state: ClientState, frame: AckFrame): ClientStep<ClientState> {
  const { outbox, found } = settle(state.outbox, frame.ref);
  if (!found) return unchanged(state);
  const log = updateLastEntry(state.log, (e) => e.kind === 'own' && e.ref === found.ref, (e) => ({ ...e, ts: frame.ts, id: frame.id, delivery: 'acked' as const }));
  const next = { ...state, outbox, log };
  // A queue held back by the rate limit drains one message per ack.
  return outbox.some((o) => o.status === 'sent') ? stepTo(next) : sendNextQueued(next);
}

/** Refusals that a reconnect would only meet again. */
const FINAL: readonly ErrorCode[] = ['BAD_PASSWORD', 'BANNED', 'UNSUPPORTED_VERSION'];

function error(state: ClientState, frame: ErrorFrame, at: number): ClientStep<ClientState> {
  const { outbox, found } = settle(state.outbox, frame.ref);
  if (found && frame.code === 'RATE_LIMITED') {
    const log = updateLastEntry(state.log, (e) => e.kind === 'own' && e.ref === found.ref, (e) => ({ ...e, delivery: 'queued' as const }));
    const delayMs = Math.max(100, frame.retryAfterMs ?? 1000);
    return stepTo({ ...state, outbox: requeue(state.outbox, found.ref), log }, { type: 'schedule', event: { type: 'clock/send-due' }, delayMs });
  }
  if (found && frame.code === 'STORAGE_FAILED') {
    // [STORAGE-FAILED] Not stored, so not delivered: the user may send it again once the server can write.
    const log = updateLastEntry(state.log, (e) => e.kind === 'own' && e.ref === found.ref, (e) => ({ ...e, delivery: 'unconfirmed' as const }));
    const unconfirmed = [...state.unconfirmed, found].slice(-UNCONFIRMED_MAX);
    return stepTo(addSystem({ ...state, outbox, log, unconfirmed }, at, 'error', `not delivered, the server could not store it: "${found.text}" (/resend sends it again)`));
  }
  if (found) {
    const log = updateLastEntry(state.log, (e) => e.kind === 'own' && e.ref === found.ref, (e) => ({ ...e, delivery: 'refused' as const }));
    return stepTo(addSystem({ ...state, outbox, log }, at, 'error', `not delivered: "${found.text}": ${frame.message}`));
  }
  if (FINAL.includes(frame.code)) {
    // [TUI-FINAL] Retrying cannot help: say why after the terminal is given back, and stop.
    return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 1, message: frame.message });
  }
  if (!state.registered && state.phase !== 'prompt' && (frame.code === 'NICK_TAKEN' || frame.code === 'NICK_INVALID')) {
    // A draft in the input line is kept in the history (Up brings it back once registered).
    const history = rememberLine(state.history, inputText(state.input));
    return stepTo(addSystem({ ...state, phase: 'prompt', input: emptyInput, history }, at, 'error', `${frame.message}: choose another nickname`));
  }
  return stepTo(addSystem(state, at, 'error', frame.message));
}
