import { Subject } from 'rxjs';
import type { RoomEvent } from '../../src/events.js';
import { configOf } from '../../src/reducer/options.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { createLoggedRoomStore } from '../../streams/logged-room-store.js';
import { random, roomName, skewedWord, word } from '../archive/fill-archive.js';

export interface HistoryPlan {
  readonly messages: number;
  readonly rooms: number;
  readonly people: number;
  /** Events folded and committed per turn. */
  readonly turn?: number;
}

/**
 * [EVENT-LOG] Writes a server's past into a fresh data directory the way a server writes it: one
 * boot, `people` members registering and joining 10 rooms each, then `messages` messages, every event
 * through the real reducer and the logged store (group commits, snapshots every 10,000 events and
 * compaction, as `serve` does by default). What a restart then finds is what a real one would.
 */
export function fillHistory(dir: string, plan: HistoryPlan): { seconds: number } {
  const started = process.hrtime.bigint();
  const options = { ...defaultRoomOptions, floodRate: 0, maxRoomsPerMember: 20 };
  const log = openSqliteLog(dir, { fsync: 'normal' });
  const flushes: (() => void)[] = [];
  const store = createLoggedRoomStore({
    log, reduce: createRoomReducer(options), snapshotEvery: 10_000, snapshotIntervalMs: Number.POSITIVE_INFINITY, now: Date.now,
    defer: (fn) => flushes.push(fn),
  });
  const events = new Subject<RoomEvent>();
  const sub = store.fold(events).subscribe();
  const turn = plan.turn ?? 1_000;
  let at = Date.parse('2026-01-01T00:00:00Z');
  let inTurn = 0;
  const feed = (event: RoomEvent) => {
    events.next(event);
    if (++inTurn >= turn) {
      flushes.splice(0).forEach((fn) => fn());
      inTurn = 0;
    }
  };
  try {
    feed({ type: 'server/started', boot: 1, config: configOf(options), graceMs: 120_000, at });
    const conn = (p: number) => 2 ** 32 + 1 + p;
    for (let p = 0; p < plan.people; p++) {
      feed({ type: 'conn/opened', conn: conn(p), address: `10.1.${p >> 8}.${p & 255}:4000`, at: ++at, resumeHash: `h${p}` });
      feed({ type: 'conn/frame-received', conn: conn(p), frame: { type: 'hello', version: 1, nick: `user${p}`, passwordOk: true }, at: ++at });
      for (let r = 0; r < 10; r++) feed({ type: 'conn/frame-received', conn: conn(p), frame: { type: 'join', room: roomName((p + r * 7) % plan.rooms) }, at: ++at });
    }
    const next = random(7);
    for (let m = 0; m < plan.messages; m++) {
      const p = m % plan.people;
      const words = Array.from({ length: 3 + Math.floor(next() * 10) }, () => word(skewedWord(next))).join(' ');
      feed({ type: 'conn/frame-received', conn: conn(p), frame: { type: 'say', room: roomName((p + (m % 10) * 7) % plan.rooms), text: words }, at: (at += 20) });
    }
    flushes.splice(0).forEach((fn) => fn());
  } finally {
    sub.unsubscribe();
    log.close();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
