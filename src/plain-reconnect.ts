import { flush, requeue, unsentTexts } from './plain-outbox.js';
import { settled } from './plain-pace.js';
import { EXIT_CONNECTION, EXIT_OK, next, type PlainInput, type PlainOutput, type PlainState, type PlainStep } from './plain-state.js';
import { PROTOCOL_VERSION, type ClientFrame, type WelcomeFrame } from './protocol.js';

/**
 * [PLAIN-RECONNECT] The plain client's connection after its first welcome: a drop or a `shutdown`
 * goodbye is not the end; the stream connects again with backoff, this reducer says hello with
 * the [RESUME] secret of the last welcome and sends again what the server had not acknowledged,
 * with the same refs ([DEDUPE]). It gives up (exit 1) after `reconnectForMs` offline.
 */

/** How many unsent texts the words of giving up list, before "and N more". */
const UNSENT_SHOWN = 20;

/** Connected: hello, with the secret of the last welcome and the newest id shown when there was one. */
export function connected(state: PlainState): PlainStep {
  const password = state.password === undefined ? {} : { password: state.password };
  // [RESUME-SEEN] What it has shown, so the resumed session replays what came after, not only the newest few.
  const resume = state.resume === undefined ? {} : { resume: state.resume, ...(state.lastId > 0 ? { seen: state.lastId } : {}) };
  return next(state, 'registering', { type: 'send', frame: { type: 'hello', version: PROTOCOL_VERSION, nick: state.nick, ...password, ...resume } });
}

/** The connection closed: the end after leaving or before any welcome; otherwise wait for the next attempt. */
export function disconnected(state: PlainState, cause: string): PlainStep {
  if (state.phase === 'leaving') return next(state, 'done', { type: 'exit', code: state.exitCode ?? EXIT_OK });
  if (!state.welcomed) return next(state, 'done', { type: 'stderr', text: `connection lost: ${cause}` }, { type: 'exit', code: EXIT_CONNECTION });
  const { replay: _, welcomeRoom: __, ...rest } = state;
  return next({ ...rest, outbox: requeue(state.outbox), lastCause: cause }, 'connecting', { type: 'stderr', text: `* connection lost (${cause}); reconnecting` });
}

/**
 * An attempt could not connect: one more try later once welcomed; before any welcome, the next
 * server of the list ([SERVER-FAILOVER]), and the end ([PLAIN-EXIT] 1) when every one failed.
 */
export function failed(state: PlainState, input: Extract<PlainInput, { type: 'failed' }>): PlainStep {
  if (state.welcomed) return { state: { ...state, lastCause: input.cause }, outputs: [] };
  if (!input.roundOver) {
    return { state: { ...state, lastCause: input.cause }, outputs: [{ type: 'stderr', text: `* cannot connect to ${input.server}: ${input.cause}; trying the next server` }] };
  }
  const others = state.lastCause === undefined ? '' : ' (nor to any other server of the list)';
  return next(state, 'done', { type: 'stderr', text: `rxchat: cannot connect to ${input.server}: ${input.cause}${others}` }, { type: 'exit', code: EXIT_CONNECTION });
}

/** The next attempt is scheduled: within the time allowed, say so; past it, give up with exit 1. */
export function retryScheduled(state: PlainState, input: Extract<PlainInput, { type: 'retry-scheduled' }>): PlainStep {
  const { attempt, delayMs, at, server } = input;
  if (!state.welcomed) return { state: { ...state, server }, outputs: [] };
  const since = state.offlineSince ?? at;
  if (at + delayMs - since > state.reconnectForMs) return giveUp(state, at - since);
  const words = `* reconnecting to ${server} in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt})`;
  return { state: { ...state, server, offlineSince: since }, outputs: [{ type: 'stderr', text: words }] };
}

function giveUp(state: PlainState, offlineMs: number): PlainStep {
  const unsent = unsentTexts(state.outbox);
  const outputs: PlainOutput[] = [{
    type: 'stderr',
    text: `rxchat: gave up reconnecting to ${state.server} after ${Math.round(offlineMs / 1000)} s offline (${state.lastCause ?? 'no answer'}); ${unsent.length} message${unsent.length === 1 ? '' : 's'} not sent`,
  }];
  for (const text of unsent.slice(0, UNSENT_SHOWN)) outputs.push({ type: 'stderr', text: `not sent: ${text}` });
  if (unsent.length > UNSENT_SHOWN) outputs.push({ type: 'stderr', text: `not sent: and ${unsent.length - UNSENT_SHOWN} more` });
  return next(state, 'done', ...outputs, { type: 'exit', code: EXIT_CONNECTION });
}

/**
 * Welcomed again. A resumed session is still in its rooms; a new one (the server forgot it: it ran
 * in memory, or the grace was over) joins them again. A `ping` marks where the server's replay of
 * the rooms ends ([PLAIN-REPLAY]); then what waited goes out, the unacknowledged message first.
 */
export function welcomedAgain(state: PlainState, frame: WelcomeFrame): PlainStep {
  const resumed = frame.resumed === true;
  const rejoin = resumed ? [] : state.rooms.filter((room) => room !== frame.room);
  const replay = { ref: `replay-${state.nextPing}`, id: state.lastId, ts: state.lastTs };
  const sends: ClientFrame[] = [...rejoin.map((room): ClientFrame => ({ type: 'join', room })), { type: 'ping', ref: replay.ref }];
  const words = resumed ? `* reconnected as ${frame.nick} (session resumed)` : `* reconnected as ${frame.nick}${rejoin.length > 0 ? `; joining ${rejoin.join(' ')} again` : ''}`;
  const { offlineSince: _, lastCause: __, ...rest } = state;
  const back: PlainState = {
    ...rest, phase: 'chatting', nick: frame.nick, replay, nextPing: state.nextPing + 1,
    ...(frame.resume === undefined ? {} : { resume: frame.resume }),
    // [TUI-SESSION-IDS] A new session (a server restarted in memory counts ids from 1 again): its
    // `seen` and pages start from its own ids; the replay still compares with the marks above.
    ...(resumed ? {} : { lastId: 0, oldest: {} }),
  };
  return settled(back, flush(state.outbox), { type: 'stderr', text: words }, ...sends.map((f): PlainOutput => ({ type: 'send', frame: f })));
}
