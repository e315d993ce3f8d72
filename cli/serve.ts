import { map, skip, take, tap } from 'rxjs';
import { chatServer$, type ChatServerOptions } from '../streams/chat-server.js';
import { signals$ } from '../streams/signals.js';
import { createLogger, type LogLevel } from './logger.js';
import { openStorage } from './open-storage.js';
import type { StorageChoice } from './storage-flags.js';
import { describeServeFailure, EXIT_INTERNAL_ERROR } from './serve-failure.js';

export interface ServeArgs extends Omit<ChatServerOptions, 'now' | 'store' | 'archive'> {
  readonly logLevel: LogLevel;
  readonly storage: StorageChoice;
}

/**
 * Runs the headless server until a signal: the first SIGINT/SIGTERM shuts down gracefully
 * (exit 0), a second one exits at once (exit 1). Failing to listen exits 1 with the reason; any
 * other error of the server (our bug) is logged with its stack and exits 70.
 */
export async function serve(args: ServeArgs): Promise<void> {
  const logger = createLogger(args.logLevel);
  const storage = await openStorage(args, logger);
  // Client behaviour cannot reach here (each connection contains its own errors); a bug can.
  // Log it with its context and exit non-zero rather than run on in an unknown state.
  process.on('uncaughtException', (error, origin) => {
    logger.log('error', 'uncaught error: exiting', { origin, error: error.stack ?? String(error) });
    process.exit(EXIT_INTERNAL_ERROR);
  });
  const signal$ = signals$(['SIGINT', 'SIGTERM']);
  const hurry = signal$.pipe(skip(1), take(1)).subscribe((signal) => {
    logger.log('warn', 'second signal: exiting now', { signal });
    process.exit(1);
  });
  const shutdown$ = signal$.pipe(
    take(1),
    tap((signal) => logger.log('info', 'signal received: shutting down', { signal })),
    map(() => 'server shutting down'),
  );
  const pruning = storage.retention$.subscribe({
    next: (removed) => removed > 0 && logger.log('info', 'archive pruned', { removed }),
    error: (error: Error) => logger.log('warn', 'archive pruning failed', { error: error.message }),
  });
  chatServer$({ ...args, ...storage.server }, shutdown$).subscribe({
    next(notice) {
      if (notice.type === 'listening') {
        const { address, port } = notice.address;
        logger.log('info', 'listening', { host: address, port, ...(notice.protocol ? { protocol: notice.protocol } : {}) });
      } else logger.log(notice.level, notice.msg, notice.fields);
    },
    error(error: unknown) {
      const failure = describeServeFailure(error, args.host, args.port);
      logger.log('error', failure.msg, failure.fields);
      process.exit(failure.exitCode);
    },
    complete() {
      hurry.unsubscribe();
      pruning.unsubscribe();
      storage.close();
      logger.log('info', 'stopped');
      process.exit(0);
    },
  });
}
