import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchivedMessage } from '../../streams/log/event-log.js';
import { openSqliteLog } from '../../streams/log/sqlite-log.js';
import { killAll, MAIN, spawnChild } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dirs.js';

afterEach(async () => {
  await killAll();
  removeTempDirs();
});

const T0 = Date.parse('2026-11-30T21:00:00.000Z');
const MESSAGES: ArchivedMessage[] = [
  { id: 1, ts: T0, room: '#lobby', from: 'alice', to: null, text: 'hello' },
  { id: 2, ts: T0 + 1_000, room: '#dev', from: 'bob', to: null, text: 'build is green' },
  { id: 3, ts: T0 + 2_000, room: null, from: 'alice', to: 'bob', text: 'psst' },
  { id: 4, ts: T0 + 86_400_000, room: '#lobby', from: 'alice', to: null, text: 'waves', kind: 'action' },
];

/** A data directory whose log is open (as a running server's is) with MESSAGES committed; close() when done. */
function runningServerData(): { dir: string; close: () => void } {
  const dir = tempDir();
  const log = openSqliteLog(dir, { fsync: 'normal' });
  log.commit([], MESSAGES);
  return { dir, close: () => log.close() };
}

async function exportRun(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string[]; err: string }> {
  const child = spawnChild(process.execPath, [MAIN, 'export', ...args], env);
  const { code } = await child.exit(15_000);
  return { code, out: child.stdout.items, err: child.stderr.items.join('\n') };
}

describe('rxchat export, while the data directory is open by a server', () => {
  it('text: every room message oldest first, actions as "* nick", no private message', async () => {
    const data = runningServerData();
    const { code, out } = await exportRun(['--data', data.dir, '--format', 'text']);
    data.close();
    expect(code).toBe(0);
    expect(out).toEqual([
      '2026-11-30T21:00:00.000Z #lobby <alice> hello',
      '2026-11-30T21:00:01.000Z #dev <bob> build is green',
      '2026-12-01T21:00:00.000Z #lobby * alice waves',
    ]);
  });

  it('ndjson (the default): one object a line, with --private the private messages too', async () => {
    const data = runningServerData();
    const { code, out } = await exportRun(['--data', data.dir, '--private']);
    data.close();
    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual(
      MESSAGES.map((m) => ({ ...m, time: new Date(m.ts).toISOString() })),
    );
  });

  it('--room (any case) and --since select', async () => {
    const data = runningServerData();
    const room = await exportRun(['--data', data.dir, '--room', '#LOBBY', '--format', 'text']);
    const since = await exportRun(['--data', data.dir, '--since', '2026-11-30T21:00:01Z', '--format', 'text']);
    const day = await exportRun(['--data', data.dir, '--since', '2026-12-01', '--format', 'text']);
    const later = await exportRun(['--data', data.dir, '--since', '2027-01-01T00:00:00+01:00']);
    data.close();
    expect(room.out).toEqual(['2026-11-30T21:00:00.000Z #lobby <alice> hello', '2026-12-01T21:00:00.000Z #lobby * alice waves']);
    expect(since.out).toEqual(['2026-11-30T21:00:01.000Z #dev <bob> build is green', '2026-12-01T21:00:00.000Z #lobby * alice waves']);
    expect(day.out).toEqual(['2026-12-01T21:00:00.000Z #lobby * alice waves']);
    expect([later.code, later.out]).toEqual([0, []]);
  });

  it('a reader that stops early (| head) ends the export quietly, with a large archive paged through', async () => {
    const dir = tempDir();
    const log = openSqliteLog(dir, { fsync: 'normal' });
    log.commit([], Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, ts: T0 + i, room: '#lobby', from: 'alice', to: null, text: `line ${i + 1} ${'x'.repeat(200)}` })));
    log.close();
    const child = spawnChild(process.execPath, [MAIN, 'export', '--data', dir, '--format', 'text']);
    await child.stdout.waitFor((line) => line.includes(' line 1 '), 10_000, 'the first line');
    child.process.stdout!.destroy();
    expect((await child.exit(10_000)).code).toBe(0);
  });
});

describe('rxchat export refuses with the reason', () => {
  it.each([
    [['--since', 'yesterday'], '--since must be an ISO 8601 date or time with a zone, like 2026-11-30 or 2026-11-30T21:00:00Z, got "yesterday"'],
    [['--since', '2026-02-30'], 'got "2026-02-30"'],
    [['--since', '2026-11-30T21:00:00'], 'got "2026-11-30T21:00:00"'],
    [['--room', 'lobby'], '--room: room names are "#" and 1 to 20 letters, digits, "_" or "-", got "lobby"'],
    [['--format', 'xml'], 'Invalid values:'],
    [['--private', '--room', '#dev'], '--private and --room do not go together'],
  ])('bad flags %j', async (args, words) => {
    const data = runningServerData();
    const { code, out, err } = await exportRun(['--data', data.dir, ...args]);
    data.close();
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toContain(words);
  });

  it('without --data the default directory; a missing directory, a directory without a database, a file that is no database', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'other'), 'x');
    expect(await exportRun([], { XDG_DATA_HOME: dir })).toEqual({ code: 1, out: [], err: `rxchat: no such data directory: ${join(dir, 'rxchat')}` });
    expect((await exportRun(['--data', ''])).err).toContain('--data must name a directory');
    expect(await exportRun(['--data', join(dir, 'absent')])).toEqual({ code: 1, out: [], err: `rxchat: no such data directory: ${join(dir, 'absent')}` });
    expect(await exportRun(['--data', dir])).toEqual({ code: 1, out: [], err: `rxchat: no rxchat database in ${dir} (no rxchat.db)` });
    writeFileSync(join(dir, 'rxchat.db'), 'not a database at all, but long enough to have a header of sorts...'.repeat(100));
    const garbage = await exportRun(['--data', dir]);
    expect(garbage.code).toBe(1);
    expect(garbage.err).toMatch(/^rxchat: .*rxchat\.db is not a SQLite database/);
  });
});
