import type { StartupFigures } from './startup.js';

/** The Markdown table of scenario R: start-up after a long past, and the archive's latency over it. */
export function formatStartup(f: StartupFigures): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const ms = (x: number) => x.toFixed(1);
  return [
    `### (R) restart after ${f.messages.toLocaleString('en')} archived messages in 100 rooms (SQLite, the default store)`,
    '',
    '| figure | value |',
    '|---|---|',
    `| writing them through the reducer and the log | ${f.fillSeconds.toFixed(1)} s (${Math.round(f.messages / f.fillSeconds).toLocaleString('en')} messages/s) |`,
    `| database size | ${mib(f.dbBytes)} MiB (${mib((f.dbBytes / f.messages) * 1e6)} MiB per million messages) |`,
    `| events replayed at start (after the snapshot) | ${f.replayedEvents.toLocaleString('en')} |`,
    `| start to listening | ${ms(f.listeningMs)} ms |`,
    `| start to the first welcome | ${ms(f.firstWelcomeMs)} ms |`,
    `| /search p50 / p99 / max | ${ms(f.archive.search.p50)} / ${ms(f.archive.search.p99)} / ${ms(f.archive.search.max)} ms (${f.archive.search.queries} queries) |`,
    `| /history p50 / p99 / max | ${ms(f.archive.history.p50)} / ${ms(f.archive.history.p99)} / ${ms(f.archive.history.max)} ms |`,
  ].join('\n');
}
