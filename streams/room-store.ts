import { scan, type OperatorFunction } from 'rxjs';
import type { RoomEvent } from '../src/events.js';
import type { Step } from '../src/room-reducer.js';
import type { RoomState } from '../src/room-state.js';

/**
 * [ROOM-STORE] Where the room's events are folded into state. The memory store is a bare `scan`;
 * a store that survives restarts (an event log in SQLite) or spans nodes (Redis Streams) keeps this
 * shape: it appends each event before folding it and replays its log first.
 */
export interface RoomStore {
  /** Folds a stream of events into the stream of steps they cause, one step per event. */
  readonly fold: OperatorFunction<RoomEvent, Step>;
  /** The state folded so far (what a restart recovered, before the first event). */
  readonly state: RoomState;
  /**
   * [BOOT] The boot this process runs as, when the store gives it (a cluster's boots come from one
   * counter shared by the nodes); otherwise the server takes the next after the state's.
   */
  readonly boot?: number;
}

/** The in-memory store: state lives only as long as the subscription. */
export function createMemoryRoomStore(
  reduce: (state: RoomState, event: RoomEvent) => Step,
  initial: RoomState,
): RoomStore {
  let state = initial;
  return {
    fold: (events$) => events$.pipe(scan((step: Step, event: RoomEvent) => {
      const next = reduce(step.state, event);
      state = next.state;
      return next;
    }, { state: initial, effects: [] })),
    get state() {
      return state;
    },
  };
}
