import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { RoomEvent } from '../../src/events.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { deepFreeze } from '../helpers/deep-freeze.js';
import { closedBy, deliveries, membersOf, registered } from '../helpers/room-harness.js';
import {
  commandHistory, describeDelivery, HISTORY_LIMIT, hostName, MAX_TEXT, sameMeaning, toEvent, type Clock, type Cmd,
} from '../helpers/rooms-commands.js';
import { OPER_SECRET, RoomsModel, type Prediction } from '../helpers/rooms-model.js';

/**
 * [MODEL] Issue 4 against a reference model (test/helpers/rooms-model.ts): arbitrary sequences of
 * every member command, from several connections on three hosts with colliding nicknames, with
 * drops and jumps of the clock. Every event's deliveries (recipient, type and content), closes and
 * state are compared with what the model, written from the docs alone, predicts.
 */

/** [ROOM-CAP] small enough to reach: #lobby, #dev, #ops, #qa and #no_such are five rooms. */
const CAPS = { rooms: 3, perMember: 3 };
const options = {
  ...defaultRoomOptions, maxTextLength: MAX_TEXT, historyLimit: HISTORY_LIMIT, operSecret: OPER_SECRET, motd: 'welcome', floodRate: 0,
  maxRooms: CAPS.rooms, maxRoomsPerMember: CAPS.perMember,
};
const reduce = createRoomReducer(options);

interface Run { state: RoomState; clock: Clock; model: RoomsModel }

function predict(run: Run, c: Cmd, event: RoomEvent): Prediction {
  switch (event.type) {
    case 'conn/opened':
      return run.model.opened(event.conn, hostName((c as Extract<Cmd, { k: 'open' }>).host), event.at);
    case 'conn/frame-received':
      return run.model.frame(event.conn, event.frame, event.at);
    case 'conn/closed':
      return run.model.gone(event.conn, 'disconnected');
    default:
      throw new TypeError(`no prediction for ${event.type}`);
  }
}

/** Folds one command into the reducer and the model, and compares everything the event did. */
function step(run: Run, c: Cmd): void {
  const event = toEvent(run.clock, c);
  if (event === undefined) return;
  const before = run.state;
  const { state, effects } = deepFreeze(reduce(before, deepFreeze(event)));
  const expected = predict(run, c, event);
  const out = deliveries(state, effects);
  const label = JSON.stringify(event);

  expect(out.map(describeDelivery).sort(), label).toEqual([...expected.deliveries].sort());
  expect(closedBy(effects), label).toEqual(expected.closes);
  // History reaches the one who asked, oldest first ([HISTORY-REPLAY]).
  const actor = 'conn' in event ? event.conn : -1;
  const replayed = out.filter((d) => d.to === actor && d.frame.type === 'message' && d.frame.history).map((d) => (d.frame as { id: number }).id);
  expect(replayed, label).toEqual(expected.replay);
  // A refusal, a question, or anything that changes nothing returns the very same state.
  if (expected.sameState || sameMeaning(before, state)) expect(state === before, `${label}: same state reference`).toBe(true);

  expect(registered(state), label).toEqual(run.model.registered());
  expect([...state.rooms.keys()].sort(), label).toEqual([...run.model.rooms.keys()].sort());
  for (const [name, room] of run.model.rooms) expect(new Set(membersOf(state, name)), `${label}: members of ${name}`).toEqual(room.members);
  run.state = state;
}

describe('[MODEL] rooms and the command set (issue 4) against a reference model, state and events frozen', () => {
  test.prop([commandHistory], { numRuns: 400 })('every event delivers, closes and changes what the model predicts', (cmds) => {
    const run: Run = { state: deepFreeze(initialRoomState), clock: { at: 1_000_000, opened: [] }, model: new RoomsModel(HISTORY_LIMIT, MAX_TEXT, true, CAPS) };
    for (const c of cmds) step(run, c);
  });

  test.prop([commandHistory], { numRuns: 100 })('the model itself keeps nicknames unique and histories bounded', (cmds) => {
    const run: Run = { state: deepFreeze(initialRoomState), clock: { at: 1_000_000, opened: [] }, model: new RoomsModel(HISTORY_LIMIT, MAX_TEXT, true, CAPS) };
    for (const c of cmds) step(run, c);
    const folded = [...run.model.registered().values()].map((n) => n.toLowerCase());
    expect(new Set(folded).size).toBe(folded.length);
    for (const room of run.model.rooms.values()) expect(room.history.length).toBeLessThanOrEqual(HISTORY_LIMIT);
  });
});
