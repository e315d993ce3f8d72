import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HISTORY, type MessageFrame } from '../../src/protocol.js';
import { initialRoomState } from '../../src/room-state.js';
import { stateFromJson, stateToJson, type StateJson } from '../../src/state-json.js';
import type { ArchivedMessage, EventLog } from '../../streams/log/event-log.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';

/** What {@link fillArchive} writes. */
export interface FillPlan {
  readonly messages: number;
  readonly rooms: number;
  /** Messages per transaction (one `commit` each). */
  readonly batch?: number;
  /** The first message's time; messages are spread one every `stepMs` after it. */
  readonly startTs?: number;
  readonly stepMs?: number;
  /** Every Nth message is private (room null); 0 for none. */
  readonly privateEvery?: number;
  /** Messages each room holds in memory in the snapshot written at the end (serve --history; default 50). */
  readonly historyLimit?: number;
}

export interface FillResult {
  readonly messages: number;
  readonly seconds: number;
  /** The database file's size after close (WAL checkpointed into it). */
  readonly dbBytes: number;
  readonly bytesPerMillion: number;
}

/** A vocabulary of 20,000 made-up words; word k is drawn with a Zipf-like skew, as in real chat. */
export const VOCABULARY_SIZE = 20_000;
const SYLLABLES = ['ka', 'lo', 'mi', 'ru', 'te', 'so', 'na', 'vi', 'de', 'po', 'shi', 'gu', 'ba', 'ne', 'zo', 'ta'];

/** The k-th word of the vocabulary: distinct for every k (its syllables spell k in base 16), 2 to 4 syllables. */
export function word(k: number): string {
  let text = '';
  let n = k + 16;
  do {
    text += SYLLABLES[n % 16]!;
    n = Math.floor(n / 16);
  } while (n > 0);
  return text;
}

/** A small deterministic generator (mulberry32), so every run writes the same archive. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A word index with a skew: low indexes (common words) far more often than high ones. */
export function skewedWord(next: () => number): number {
  return Math.floor(VOCABULARY_SIZE * next() ** 3);
}

/** The room names of a plan: #room0 .. #room{n-1}. */
export function roomName(i: number): string {
  return `#room${i}`;
}

function message(id: number, plan: FillPlan, next: () => number): ArchivedMessage {
  const count = 3 + Math.floor(next() * 12);
  const text = Array.from({ length: count }, () => word(skewedWord(next))).join(' ');
  const ts = (plan.startTs ?? Date.parse('2026-01-01T00:00:00Z')) + id * (plan.stepMs ?? 25_000);
  const from = `user${Math.floor(next() * 2000)}`;
  if (plan.privateEvery && id % plan.privateEvery === 0) return { id, ts, room: null, from, to: `user${Math.floor(next() * 2000)}`, text };
  return { id, ts, room: roomName(Math.floor(next() * plan.rooms)), from, to: null, text, ...(id % 50 === 0 ? { kind: 'action' as const } : {}) };
}

/**
 * Fills a new data directory `dir` (no server on it) with `plan.messages` archived messages (ids 1..N) spread
 * over `plan.rooms` rooms, through the log's own `commit` in big transactions (10,000 messages each by default):
 * the same statements, triggers and indexes as a server's. Then it writes the snapshot a server would have after
 * them (the rooms with their last messages in memory, the next message id N + 1), so `rxchat serve --data dir`
 * starts from it as after a restart. Deterministic: the same plan writes the same data.
 */
export function fillArchive(dir: string, plan: FillPlan): FillResult {
  if (!Number.isInteger(plan.messages) || plan.messages < 1 || plan.messages > 50_000_000) throw new TypeError('messages must be 1 to 50,000,000');
  const batch = plan.batch ?? 10_000;
  const next = random(9);
  const recent = new Map<string, MessageFrame[]>();
  const keep = plan.historyLimit ?? DEFAULT_HISTORY;
  const started = process.hrtime.bigint();
  const log = openSqliteLog(dir, { fsync: 'normal' });
  try {
    for (let id = 1; id <= plan.messages; id += batch) {
      const size = Math.min(batch, plan.messages + 1 - id);
      const messages = Array.from({ length: size }, (_, i) => message(id + i, plan, next));
      log.commit([], messages);
      remember(recent, messages, keep);
    }
    writeServerState(log, recent, plan.messages + 1);
  } finally {
    log.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const dbBytes = statSync(join(dir, 'rxchat.db')).size;
  return { messages: plan.messages, seconds, dbBytes, bytesPerMillion: Math.round((dbBytes / plan.messages) * 1e6) };
}

/** Keeps the newest `keep` room messages of each room, as a room's in-memory history. */
function remember(recent: Map<string, MessageFrame[]>, messages: readonly ArchivedMessage[], keep: number): void {
  for (const m of messages) {
    if (m.room === null) continue;
    const list = recent.get(m.room) ?? [];
    list.push({ type: 'message', id: m.id, ts: m.ts, room: m.room, from: m.from, text: m.text, ...(m.kind ? { kind: m.kind } : {}) });
    if (list.length > keep) list.shift();
    recent.set(m.room, list);
  }
}

/** The snapshot at seq 0: no connection, every room kept for its history ([ROOM-KEPT]), ids going on after N. */
function writeServerState(log: EventLog, recent: ReadonlyMap<string, MessageFrame[]>, nextMessageId: number): void {
  const base = stateToJson(initialRoomState);
  const rooms = [...recent].map(([name, history]) => ({ name, members: [], topic: null, topicLocked: false, history }));
  const json: StateJson = { ...base, rooms: [...base.rooms, ...rooms], nextMessageId };
  stateFromJson(json); // the lead's reader accepts it, or this throws now rather than at a server's start
  log.snapshot(log.load().lastSeq, json);
}
