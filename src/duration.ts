import { err, ok, type Result } from './result.js';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** [DURATION] `90s`, `10m`, `2h`, `7d` (a bare number is minutes) to milliseconds; at most 365 days. */
export function parseDuration(text: string): Result<number, string> {
  const match = /^(\d{1,6})([smhd]?)$/.exec(text.trim());
  if (!match) return err(`"${text}" is not a duration: use 90s, 10m, 2h or 7d`);
  const ms = Number(match[1]) * UNITS[match[2] || 'm']!;
  if (ms <= 0 || ms > 365 * UNITS['d']!) return err('a duration must be from 1s to 365d');
  return ok(ms);
}

/** Milliseconds as the largest whole unit that fits, for people: `10m`, `2h`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) if (ms >= UNITS[unit]! && ms % UNITS[unit]! === 0) return `${ms / UNITS[unit]!}${unit}`;
  return `${Math.ceil(ms / 1000)}s`;
}
