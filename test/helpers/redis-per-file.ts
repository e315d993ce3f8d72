import { afterAll, beforeAll } from 'vitest';
import { startRedis, stopAllRedis, type RedisServer } from './redis-server.js';
import { removeTempDirs } from './temp-dirs.js';

/**
 * One real `redis-server` for the whole test file that calls it (at its top level): started in
 * `beforeAll` (`startRedis`, so a free loopback port and a fresh temporary directory), stopped by
 * its PID in `afterAll` (`stopAllRedis`), and the file's temporary directories removed after it.
 * Tests share it and keep apart by key prefix; a test that needs a Redis of its own (to restart or
 * kill it, or with AOF on) calls `startRedis` itself and `stopAllRedis` in `afterEach`.
 *
 * Returns a stand-in that forwards to the server once `beforeAll` has started it, so test bodies
 * read `redis.url` as before; read before that (at collection time), it throws a `TypeError`.
 */
export function redisPerFile(): RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => void (server = await startRedis()));
  afterAll(async () => {
    await stopAllRedis();
    removeTempDirs();
  });
  const started = (): RedisServer => {
    if (server) return server;
    throw new TypeError('redisPerFile(): the server starts in beforeAll; read it inside a test or a hook, not while the file is collected');
  };
  return {
    get url() { return started().url; },
    get port() { return started().port; },
    get dir() { return started().dir; },
    restart: () => started().restart(),
    kill9: () => started().kill9(),
    stop: () => started().stop(),
  };
}
