import { validateRoom } from '../src/room-name.js';

/** [EXPORT-SINCE] A date (midnight UTC) or a date and time with a zone (`Z` or `+01:00`), as ISO 8601 writes them. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** yargs `coerce` for `--since`: the time in ms, or the rule when it is not an ISO date or time with a zone. */
export function isoTime(value: unknown): number {
  const text = String(value);
  const ms = ISO_TIME.test(text) && realDay(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new Error(`--since must be an ISO 8601 date or time with a zone, like 2026-11-30 or 2026-11-30T21:00:00Z, got "${text}"`);
  }
  return ms;
}

/** yargs `coerce` for `--room`: the room's key (lower case), or the [ROOM-NAME] rule. */
export function roomKey(value: unknown): string {
  const result = validateRoom(String(value));
  if (!result.ok) throw new Error(`--room: ${result.error}, got "${String(value)}"`);
  return result.value;
}

/** Date.parse rolls 2026-02-30 over to March: the day must exist in its month. */
function realDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
