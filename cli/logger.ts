import { destination, pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/**
 * Structured logs on stdout: JSON lines (pino) when stdout is not a terminal, one readable line
 * an event when it is. Never given message text at info level.
 */
export function createLogger(level: LogLevel, stream: NodeJS.WriteStream = process.stdout): Logger {
  if (!stream.isTTY) {
    const json = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination({ fd: 1, sync: true }));
    return { log: (lvl, msg, fields = {}) => json[lvl](fields, msg) };
  }
  return {
    log(lvl, msg, fields = {}) {
      if (RANK[lvl] < RANK[level]) return;
      const time = new Date().toISOString().slice(11, 19);
      const extra = Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`).join(' ');
      stream.write(`${time} ${lvl.padEnd(5)} ${msg}${extra ? ' ' + extra : ''}\n`);
    },
  };
}
