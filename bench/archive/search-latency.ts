import type { Archive } from '../../streams/log/event-log.js';
import { createSqliteArchive } from '../../streams/log/sqlite-archive.js';
import { openReadOnly } from '../../streams/log/sqlite-open.js';
import { random, roomName, skewedWord, VOCABULARY_SIZE, word } from './fill-archive.js';

/** Latency figures in milliseconds. */
export interface LatencyFigures {
  readonly queries: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Mean results per query (a search that finds nothing is cheap; this shows they found things). */
  readonly meanResults: number;
}

export interface ArchiveLatency {
  /** Whole-word searches: the /search figure. */
  readonly search: LatencyFigures;
  /** Explicit prefix searches (`kal*`), measured apart: a prefix expands to every word it starts. */
  readonly prefixSearch: LatencyFigures;
  readonly history: LatencyFigures;
}

/** The kinds of search a user types, in turn: common, middling and rare words, two words, a miss, page 2. */
type Query = { readonly room: string; readonly words: string; readonly page2: boolean };

function queries(count: number, rooms: number): Query[] {
  const next = random(42);
  const pick = (lo: number, hi: number) => word(lo + Math.floor(next() * (hi - lo)));
  const kinds: ((room: string) => Query)[] = [
    (room) => ({ room, words: pick(0, 20), page2: false }),
    (room) => ({ room, words: pick(200, 2_000), page2: false }),
    (room) => ({ room, words: pick(10_000, VOCABULARY_SIZE), page2: false }),
    (room) => ({ room, words: `${word(skewedWord(next))} ${word(skewedWord(next))}`, page2: false }),
    (room) => ({ room, words: 'nosuchwordanywhere', page2: false }),
    (room) => ({ room, words: pick(0, 200), page2: true }),
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!(roomName(Math.floor(next() * rooms))));
}

/** Prefix searches of 3 to 5 characters of common to middling words. */
function prefixQueries(count: number, rooms: number): Query[] {
  const next = random(43);
  return Array.from({ length: count }, (_, i) => {
    const text = word(Math.floor(next() * 2_000));
    return { room: roomName(Math.floor(next() * rooms)), words: `${text.slice(0, 3 + (i % 3))}*`, page2: false };
  });
}

function figures(times: number[], results: number): LatencyFigures {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { queries: times.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]!, meanResults: results / times.length };
}

function timed<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

function measureSearch(archive: Archive, list: readonly Query[]): LatencyFigures {
  const times: number[] = [];
  let results = 0;
  for (const q of list) {
    const [first, ms] = timed(() => archive.search({ room: q.room, words: q.words, limit: 20 }));
    let total = ms;
    let found = first.length;
    if (q.page2 && first.length > 0) {
      const [second, ms2] = timed(() => archive.search({ room: q.room, words: q.words, before: first[first.length - 1]!.id, limit: 20 }));
      total = ms2; // the page-2 query is the one measured for this kind
      found = second.length;
    }
    times.push(total);
    results += found;
  }
  return figures(times, results);
}

function measureHistory(archive: Archive, count: number, rooms: number, newestId: number): LatencyFigures {
  const next = random(7);
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < count; i++) {
    const before = i % 2 === 0 ? undefined : 1 + Math.floor(next() * newestId);
    const [page, ms] = timed(() => archive.history({ room: roomName(Math.floor(next() * rooms)), limit: 100, ...(before === undefined ? {} : { before }) }));
    times.push(ms);
    results += page.length;
  }
  return figures(times, results);
}

/**
 * Measures `/search` (20 results, the kinds of query users type, page 2 included; prefix searches apart) and `/history 100` (newest and
 * paged back) over the archive of `dir`, with the server's own prepared statements on a read-only connection
 * (a server may run on it). `count` queries of each, after a warm-up of 50; bounded by `count`.
 */
export function measureArchiveLatency(dir: string, options: { readonly rooms: number; readonly count?: number }): ArchiveLatency {
  const count = options.count ?? 2_000;
  const db = openReadOnly(dir);
  try {
    const archive = createSqliteArchive(db);
    const newestId = (db.prepare('SELECT max(id) FROM messages').pluck().get() as number | null) ?? 1;
    measureSearch(archive, queries(50, options.rooms));
    return {
      search: measureSearch(archive, queries(count, options.rooms)),
      prefixSearch: measureSearch(archive, prefixQueries(count, options.rooms)),
      history: measureHistory(archive, count, options.rooms, newestId),
    };
  } finally {
    db.close();
  }
}

