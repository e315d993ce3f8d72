/**
 * A storage failure with a reason meant for a person: `serve` prints `reason` and exits 1 when the log cannot be
 * opened; a failed `commit` throws one too (the turn's messages are then refused with STORAGE_FAILED).
 * `code` is SQLite's or the file system's code when there is one (`SQLITE_FULL`, `EACCES`, ...).
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(readonly reason: string, readonly code?: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}

/** The `code` of a Node or better-sqlite3 error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
