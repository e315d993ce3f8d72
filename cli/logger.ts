import { destination, pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** [LOG-BATCH] Characters of log lines held before they are written (8 KiB of ASCII JSON)... */
const LOG_BATCH_CHARS = 8 * 1024;
/** ...and the longest a line is held, in ms. */
const LOG_FLUSH_MS = 20;

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/**
 * Structured logs on stdout: JSON lines (pino) when stdout is not a terminal, one readable line
 * an event when it is. Never given message text at info level.
 *
 * [LOG-BATCH] The JSON lines are written in batches (see `batchedLines`).
 */
export function createLogger(level: LogLevel, stream: NodeJS.WriteStream = process.stdout): Logger {
  if (!stream.isTTY) {
    const json = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, batchedLines(destination({ fd: 1, sync: true })));
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

/**
 * [LOG-BATCH] A line sink that holds lines for at most 20 ms (or until 8 KiB are held) and writes
 * them to `out` in one write: a connect storm logs two lines per registration, and one system
 * call each was a sixth of the server's CPU in a storm. A quiet server's lines still leave within
 * 20 ms. What is held is written synchronously on exit (`process.exit` included); only a SIGKILL
 * loses it. (sonic-boom's own `minLength` measures its whole buffer on every line: quadratic.)
 */
export function batchedLines(out: { write(text: string): unknown }): { write(line: string): void; flush(): void } {
  let held: string[] = [];
  let chars = 0;
  let due: NodeJS.Timeout | undefined;
  const flush = () => {
    if (due !== undefined) clearTimeout(due);
    due = undefined;
    if (held.length === 0) return;
    const text = held.join('');
    held = [];
    chars = 0;
    out.write(text);
  };
  process.on('exit', flush);
  return {
    write(line) {
      held.push(line);
      chars += line.length;
      if (chars >= LOG_BATCH_CHARS) flush();
      else due ??= setTimeout(flush, LOG_FLUSH_MS).unref();
    },
    flush,
  };
}
