import type { ProcStats } from '../server-process.js';

/** What a soak run found. */
export interface SoakReport {
  readonly seconds: number;
  /** Connections opened in all, and how many stayed throughout. */
  readonly clients: number;
  readonly stable: number;
  /** Clients that left mid-run (quit, close, reset) and were replaced. */
  readonly churned: number;
  readonly sent: number;
  readonly acked: number;
  readonly unacked: number;
  /** Live messages received by clients other than the sender. */
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Error frames received, by code (none expected). */
  readonly errors: Readonly<Record<string, number>>;
  readonly serverAlive: boolean;
  readonly memory: { readonly before: ProcStats; readonly endOfTraffic: ProcStats; readonly afterAllLeft: ProcStats };
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** The report as a Markdown table, ready for docs. */
export function formatSoakReport(r: SoakReport): string {
  const rows: [string, string][] = [
    ['duration', `${r.seconds} s`],
    ['clients opened (stable / left mid-run and replaced)', `${r.clients} (${r.stable} / ${r.churned})`],
    ['messages sent (acked / unacked)', `${r.sent} (${r.acked} / ${r.unacked})`],
    ['deliveries', String(r.delivered)],
    ['lost', String(r.lost)],
    ['duplicated', String(r.duplicated)],
    ['error frames', Object.keys(r.errors).length === 0 ? 'none' : JSON.stringify(r.errors)],
    ['server alive at the end', r.serverAlive ? 'yes' : 'NO'],
    ['server RSS before traffic', mib(r.memory.before.rss)],
    ['server RSS at end of traffic', mib(r.memory.endOfTraffic.rss)],
    ['server RSS after all left', mib(r.memory.afterAllLeft.rss)],
    ['server peak RSS', mib(r.memory.afterAllLeft.peakRss)],
    ['server CPU', `${r.memory.afterAllLeft.cpuSeconds.toFixed(1)} s`],
  ];
  return ['| soak | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''].join('\n');
}
