/**
 * The archive benchmark of issue 9, standalone: `node dist/bench/archive/archive-bench.js [--messages N]
 * [--rooms N] [--dir DIR] [--keep]`. Fills a data directory with N archived messages (default 1,000,000 in 100
 * rooms), then prints the fill time, the database size per million messages and the /search and /history
 * latency (p50, p99, max). The directory is a fresh temporary one, removed at the end unless --dir or --keep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fillArchive } from './fill-archive.js';
import { measureArchiveLatency, type LatencyFigures } from './search-latency.js';

const { values } = parseArgs({
  options: { messages: { type: 'string' }, rooms: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const messages = Number(values.messages ?? 1_000_000);
const rooms = Number(values.rooms ?? 100);
if (!Number.isInteger(messages) || messages < 1_000 || messages > 20_000_000) throw new TypeError('--messages must be an integer from 1,000 to 20,000,000');
if (!Number.isInteger(rooms) || rooms < 1 || rooms > 10_000) throw new TypeError('--rooms must be an integer from 1 to 10,000');
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'rxchat-archive-bench-'));

const line = (name: string, f: LatencyFigures) =>
  `${name.padEnd(9)} p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms  max ${f.max.toFixed(2)} ms  (${f.queries} queries, ${f.meanResults.toFixed(1)} results each)`;
try {
  process.stderr.write(`filling ${dir} with ${messages.toLocaleString('en')} messages in ${rooms} rooms...\n`);
  const fill = fillArchive(dir, { messages, rooms, privateEvery: 20 });
  console.log(`fill      ${fill.seconds.toFixed(1)} s (${Math.round(messages / fill.seconds).toLocaleString('en')} messages/s)`);
  console.log(`db size   ${(fill.dbBytes / 2 ** 20).toFixed(1)} MiB, ${(fill.bytesPerMillion / 2 ** 20).toFixed(1)} MiB per million messages`);
  const latency = measureArchiveLatency(dir, { rooms });
  console.log(line('/search', latency.search));
  console.log(line('prefix*', latency.prefixSearch));
  console.log(line('/history', latency.history));
} finally {
  if (values.dir === undefined && !values.keep) rmSync(dir, { recursive: true, force: true });
}
