import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { killAll, spawnChild } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

const FLOOD = fileURLToPath(new URL('../fixtures/commit-flood.mjs', import.meta.url));

afterEach(async () => {
  await killAll();
  removeTempDirs();
});

describe('[DURABILITY] kill -9 in the middle of a commit flood', () => {
  it('every acknowledged commit is there after a restart, exactly once and in order; nothing half-written', async () => {
    const dir = tempDir();
    const writer = spawnChild(process.execPath, [FLOOD, dir]);
    await writer.stdout.waitFor((line) => line === 'acked 2000', 20_000, '2,000 acknowledged messages');
    await writer.kill(); // SIGKILL while it commits
    const acked = Math.max(...writer.stdout.items.map((line) => Number(line.split(' ')[1])));

    const log = openSqliteLog(dir, { fsync: 'normal' }); // the dead writer's lock is taken over
    const { tail, lastSeq } = log.load();
    expect(lastSeq).toBeGreaterThanOrEqual(acked);
    expect(lastSeq % 10).toBe(0); // whole turns only
    expect(tail.map((event) => (event.type === 'conn/closed' ? event.conn : -1))).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    const ids = [0, 1, 2].flatMap((r) => log.archive.history({ room: `#r${r}`, limit: 1000, before: 1001 }).map((m) => m.id));
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const all = [0, 1, 2].reduce((n, r) => n + countRoom(log, `#r${r}`), 0);
    expect(all).toBe(lastSeq);
    log.commit([{ type: 'conn/closed', conn: 0, cause: 'after', at: 0 }], []);
    expect(log.load().lastSeq).toBe(lastSeq + 1);
    log.close();
  });
});

/** Every message of a room, paged back 1,000 at a time. */
function countRoom(log: ReturnType<typeof openSqliteLog>, room: string): number {
  let count = 0;
  let before: number | undefined;
  for (;;) {
    const page = log.archive.history({ room, limit: 1000, ...(before === undefined ? {} : { before }) });
    if (page.length === 0) return count;
    count += page.length;
    before = page[0]!.id;
  }
}
