import { destination, pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/** [LOG-ASYNC] Most bytes of log lines that may wait for a slow stdout; past it lines are dropped. */
const LOG_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Structured logs on stdout: JSON lines (pino) when stdout is not a terminal, one readable line
 * an event when it is. Never given message text at info level. [LOG-ASYNC] The JSON lines are
 * written asynchronously: the lines of a turn (a storm logs two per connection) go out in one
 * write, not a blocking write each; what waits is bounded, and pino flushes it on exit.
 */
export function createLogger(level: LogLevel, stream: NodeJS.WriteStream = process.stdout): Logger {
  if (!stream.isTTY) {
    const json = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination({ fd: 1, sync: false, maxLength: LOG_BUFFER_BYTES }));
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
