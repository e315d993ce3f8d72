import { afterEach, describe, expect, it } from 'vitest';
import { fillArchive, random, skewedWord, VOCABULARY_SIZE, word } from '../../bench/archive/fill-archive.js';
import { measureArchiveLatency } from '../../bench/archive/search-latency.js';
import { stateFromJson } from '../../src/state-json.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

afterEach(removeTempDirs);

describe('the archive benchmark helpers (small, so the test is quick; the real run is 1,000,000 messages)', () => {
  it('fills exactly the plan: every id once, spread over the rooms, private ones out of the rooms', () => {
    const dir = tempDir();
    const result = fillArchive(dir, { messages: 5_000, rooms: 10, batch: 1_000, privateEvery: 20 });
    expect(result.messages).toBe(5_000);
    expect(result.dbBytes).toBeGreaterThan(0);
    const log = openSqliteLog(dir, { fsync: 'normal' });
    const ids = Array.from({ length: 10 }, (_, r) => log.archive.history({ room: `#room${r}`, limit: 1_000 }).map((m) => m.id)).flat();
    const { snapshot } = log.load();
    const newestOfRoom3 = log.archive.history({ room: '#room3', limit: 50 }).map((m) => m.id);
    log.close();
    // The state a server would have: ids go on after the archive, each room holds its newest 50 in memory.
    const state = stateFromJson(snapshot?.state);
    expect(state.nextMessageId).toBe(5_001);
    expect(newestOfRoom3).toHaveLength(50);
    expect(state.rooms.get('#room3')?.history.toJSON().map((m) => m.id)).toEqual(newestOfRoom3);
    expect([...state.rooms.keys()].sort()).toEqual(['#lobby', ...Array.from({ length: 10 }, (_, r) => `#room${r}`)].sort());
    expect(ids.length).toBe(5_000 - 5_000 / 20);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id >= 1 && id <= 5_000 && id % 20 !== 0)).toBe(true);
  });

  it('measures queries that find messages', () => {
    const dir = tempDir();
    fillArchive(dir, { messages: 3_000, rooms: 5 });
    const latency = measureArchiveLatency(dir, { rooms: 5, count: 70 });
    expect(latency.search.queries).toBe(70);
    expect(latency.search.meanResults).toBeGreaterThan(1);
    expect(latency.prefixSearch.meanResults).toBeGreaterThan(1);
    expect(latency.history.meanResults).toBeGreaterThan(50);
    expect(latency.search.p99).toBeGreaterThanOrEqual(latency.search.p50);
  });

  it('makes distinct words, common ones far more often', () => {
    const words = new Set(Array.from({ length: VOCABULARY_SIZE }, (_, k) => word(k)));
    expect(words.size).toBe(VOCABULARY_SIZE);
    const next = random(1);
    const draws = Array.from({ length: 10_000 }, () => skewedWord(next));
    expect(draws.filter((k) => k < VOCABULARY_SIZE / 10).length).toBeGreaterThan(draws.filter((k) => k >= VOCABULARY_SIZE / 2).length);
  });
});
