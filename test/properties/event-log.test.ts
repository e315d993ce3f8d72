import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { configOf } from '../../src/reducer/options.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { stateFromJson, stateToJson } from '../../src/state-json.js';
import { createRedactor } from '../../streams/redact-secrets.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import { canonical, commandHistory, HISTORY_LIMIT, MAX_TEXT, toEvent, type Cmd } from '../helpers/rooms-commands.js';
import { OPER_SECRET } from '../helpers/rooms-model.js';

/**
 * [EVENT-LOG] The log is the truth: for generated histories with restarts in them (a shutdown or
 * a crash, a new boot holding the sessions, the end of its grace), folding the events that changed
 * the state (what the log stores) gives the state of folding everything; and a snapshot taken
 * anywhere, through JSON, restored and folded on gives the same state and the same effects.
 */
const options = { ...defaultRoomOptions, historyLimit: HISTORY_LIMIT, maxTextLength: MAX_TEXT, operSecret: OPER_SECRET, floodRate: 0 };
const reduce = createRoomReducer(options);
const GRACE = 60_000;

type Restart = { readonly k: 'restart'; readonly graceful: boolean } | { readonly k: 'grace-over' };
const restart: fc.Arbitrary<Restart> = fc.oneof(
  fc.record({ k: fc.constant('restart' as const), graceful: fc.boolean() }),
  fc.constant({ k: 'grace-over' as const }),
);

/** A command history with restarts spliced in at generated places. */
const historyWithRestarts = fc
  .tuple(commandHistory, fc.array(fc.tuple(fc.nat(80), restart), { maxLength: 4 }))
  .map(([cmds, cuts]) => {
    const out: (Cmd | Restart)[] = [...cmds];
    for (const [at, r] of [...cuts].sort((a, b) => b[0] - a[0])) out.splice(Math.min(at, out.length), 0, r);
    return out;
  });

/** The events of a history as the server would fold them: each passes the [REDACT] edge. */
function eventsOf(history: readonly (Cmd | Restart)[]): RoomEvent[] {
  const clock = { at: 1_000_000, opened: [] as number[] };
  const edge = createRedactor({ password: null, operSecret: OPER_SECRET });
  let boot = 1;
  const events: RoomEvent[] = [{ type: 'server/started', boot, config: configOf(options), graceMs: GRACE, at: clock.at }];
  for (const c of history) {
    if (c.k === 'restart') {
      if (c.graceful) events.push({ type: 'server/shutdown-requested', reason: 'restart', at: ++clock.at });
      events.push({ type: 'server/started', boot: ++boot, config: configOf(options), graceMs: GRACE, at: (clock.at += 1000) });
    } else if (c.k === 'grace-over') {
      events.push({ type: 'server/grace-ended', at: (clock.at += GRACE) });
    } else {
      const event = toEvent(clock, c);
      if (event) events.push(edge.redact(event));
    }
  }
  return events;
}

function foldAll(state: RoomState, events: readonly RoomEvent[]): { state: RoomState; steps: Step[] } {
  const steps: Step[] = [];
  for (const event of events) {
    const step = reduce(state, deepFreeze(event));
    steps.push(step);
    state = deepFreeze(step.state);
  }
  return { state, steps };
}

describe('[EVENT-LOG] the log is the truth', () => {
  test.prop([historyWithRestarts], { numRuns: 150 })('folding only the events that changed the state gives the same state', (history) => {
    const events = eventsOf(history);
    const all = foldAll(initialRoomState, events);
    const logged = events.filter((_, i) => all.steps[i]!.state !== (i === 0 ? initialRoomState : all.steps[i - 1]!.state));
    expect(canonical(foldAll(initialRoomState, logged).state)).toEqual(canonical(all.state));
  });

  test.prop([historyWithRestarts, fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 150 })(
    'snapshot (JSON round trip), restore and fold the rest: the same state and the same effects as folding everything',
    (history, where) => {
      const events = eventsOf(history);
      const cut = Math.floor(where * events.length);
      const whole = foldAll(initialRoomState, events);
      const head = foldAll(initialRoomState, events.slice(0, cut));
      const restored = stateFromJson(JSON.parse(JSON.stringify(stateToJson(head.state))));
      expect(canonical(restored)).toEqual(canonical(head.state));
      const tail = foldAll(restored, events.slice(cut));
      expect(canonical(tail.state)).toEqual(canonical(whole.state));
      expect(tail.steps.map((s) => s.effects)).toEqual(whole.steps.slice(cut).map((s) => s.effects));
    },
  );

  test.prop([historyWithRestarts], { numRuns: 100 })('[REDACT] no secret is ever in an event or a snapshot', (history) => {
    const events = eventsOf(history);
    const text = JSON.stringify(events) + JSON.stringify(stateToJson(foldAll(initialRoomState, events).state));
    expect(text).not.toContain(OPER_SECRET);
  });
});
