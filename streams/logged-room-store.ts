import { Observable } from 'rxjs';
import type { Effect } from '../src/effects.js';
import type { ErrorCode } from '../src/protocol.js';
import type { RoomEvent } from '../src/events.js';
import type { Step } from '../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../src/room-state.js';
import { stateFromJson, stateToJson } from '../src/state-json.js';
import type { ArchivedMessage, EventLog } from './log/event-log.js';
import type { RoomStore } from './room-store.js';

export interface LoggedStoreOptions {
  readonly log: EventLog;
  readonly reduce: (state: RoomState, event: RoomEvent) => Step;
  /** [SNAPSHOT] A snapshot after this many logged events, or this long after the last one. */
  readonly snapshotEvery: number;
  readonly snapshotIntervalMs: number;
  readonly now: () => number;
  /** Runs `fn` at the end of the current event-loop turn (default `setImmediate`). */
  readonly defer?: (fn: () => void) => void;
  /** [STORAGE-FAILED] Most events kept for a retry while commits fail; past it the store errors. */
  readonly maxUnsaved?: number;
}

/** A room store with a log beneath it; `state` is the state folded so far (recovered, then live). */
export interface LoggedRoomStore extends RoomStore {
  /** How many events were replayed at start, and whether a snapshot began it. */
  readonly recovered: { readonly events: number; readonly snapshot: boolean };
}

interface Pending {
  readonly event: RoomEvent;
  readonly step: Step;
  readonly changed: boolean;
}

/**
 * [EVENT-LOG] The room store over a log. At creation it replays the log (the newest snapshot,
 * then the events after it) with the same reducer the live fold uses. Live, [WRITE-FIRST]: the
 * steps of one event-loop turn are held back until one commit has stored the turn's events (those
 * that changed the state) and its messages; only then do they go out, so nothing is acknowledged
 * or broadcast before the log holds it ([GROUP-COMMIT]: one transaction per turn, not per message).
 * When a commit fails, the turn is decided again from the state before it with every `say` and
 * `msg` refused (`STORAGE_FAILED`); the rest is kept and stored by the next commit that succeeds.
 */
export function createLoggedRoomStore(options: LoggedStoreOptions): LoggedRoomStore {
  const { log, reduce, now } = options;
  const defer = options.defer ?? setImmediate;
  const maxUnsaved = options.maxUnsaved ?? 100_000;
  const loaded = log.load();
  let state = loaded.snapshot === null ? initialRoomState : stateFromJson(loaded.snapshot.state);
  for (const event of loaded.tail) state = reduce(state, event).state;
  let seq = loaded.lastSeq;
  let sinceSnapshot = loaded.tail.length;
  let snapshotAt = now();
  let unsaved: RoomEvent[] = [];

  const fold = (events$: Observable<RoomEvent>) => new Observable<Step>((subscriber) => {
    let turn: Pending[] = [];
    let turnStart = state;

    function flush(): void {
      if (turn.length === 0) return;
      const batch = turn;
      turn = [];
      const fresh = batch.filter((p) => p.changed).map((p) => p.event);
      const logged = unsaved.length === 0 ? fresh : [...unsaved, ...fresh];
      try {
        log.commit(logged, archivedBy(batch));
      } catch (error) {
        for (const step of redecide(batch, error)) subscriber.next(step);
        return;
      }
      seq += logged.length;
      sinceSnapshot += logged.length;
      unsaved = [];
      for (const pending of batch) subscriber.next(pending.step);
      snapshotIfDue();
    }

    /** [STORAGE-FAILED] The turn again from its start, with its messages refused. */
    function redecide(batch: readonly Pending[], error: unknown): Step[] {
      state = turnStart;
      const steps: Step[] = [storageLog(state, error)];
      for (const { event } of batch) {
        const refusal = messageRefusal(event);
        if (refusal) {
          steps.push({ state, effects: [refusal] });
          continue;
        }
        const step = reduce(state, event);
        if (step.state !== state) unsaved.push(event);
        state = step.state;
        steps.push(step);
      }
      if (unsaved.length > maxUnsaved) throw new Error(`storage has failed for ${unsaved.length} events: ${describe(error)}`);
      return steps;
    }

    const subscription = events$.subscribe({
      next(event) {
        if (turn.length === 0) {
          turnStart = state;
          defer(() => {
            try {
              flush();
            } catch (error) {
              subscriber.error(error);
            }
          });
        }
        const step = reduce(state, event);
        turn.push({ event, step, changed: step.state !== state });
        state = step.state;
      },
      error(error: unknown) {
        subscriber.error(error);
      },
      complete() {
        flush();
        subscriber.complete();
      },
    });
    return () => {
      subscription.unsubscribe();
      turn = [];
    };
  });

  function snapshotIfDue(): void {
    if (sinceSnapshot < options.snapshotEvery && now() - snapshotAt < options.snapshotIntervalMs) return;
    log.snapshot(seq, stateToJson(state));
    sinceSnapshot = 0;
    snapshotAt = now();
  }

  return {
    fold,
    get state() {
      return state;
    },
    recovered: { events: loaded.tail.length, snapshot: loaded.snapshot !== null },
  };
}

/** [ARCHIVE] The messages a turn's steps delivered: room messages and private ones, not replays. */
export function archivedBy(batch: readonly { readonly step: Step }[]): ArchivedMessage[] {
  const rows: ArchivedMessage[] = [];
  for (const { step } of batch) {
    for (const effect of step.effects) {
      if (effect.type === 'broadcast' && effect.frame.type === 'message' && effect.frame.history !== true) {
        const { id, ts, room, from, text, kind } = effect.frame;
        rows.push({ id, ts, room, from, to: null, text, ...(kind ? { kind } : {}) });
      } else if (effect.type === 'send' && effect.frame.type === 'private') {
        const { id, ts, from, to, text, kind } = effect.frame;
        rows.push({ id, ts, room: null, from, to, text, ...(kind ? { kind } : {}) });
      }
    }
  }
  return rows;
}

const NOT_STORED = 'the server could not store your message; it was not delivered, try again';

/** The refusal of a `say` or `msg` that could not be stored, with its ref; undefined for any other event. */
export function messageRefusal(event: RoomEvent, message = NOT_STORED): Effect | undefined {
  if (event.type !== 'conn/frame-received' || (event.frame.type !== 'say' && event.frame.type !== 'msg')) return undefined;
  return frameRefusal(event, 'STORAGE_FAILED', message);
}

/** A frame that was not taken, refused to its sender (not fatal, with the frame's ref); undefined for an event that is no frame. */
export function frameRefusal(event: RoomEvent, code: ErrorCode, message: string): Effect | undefined {
  if (event.type !== 'conn/frame-received') return undefined;
  const ref = 'ref' in event.frame ? event.frame.ref : undefined;
  return { type: 'send', to: event.conn, frame: { type: 'error', code, message, fatal: false, ...(ref === undefined ? {} : { ref }) } };
}

function storageLog(state: RoomState, error: unknown): Step {
  return { state, effects: [{ type: 'log', level: 'warn', msg: 'storage failed: messages of this turn refused', fields: { error: describe(error) } }] };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
