import type { Writable } from 'node:stream';
import type { ArchivedMessage } from '../streams/log/event-log.js';
import { openArchiveReader, type ArchiveSelection } from '../streams/log/archive-reader.js';

/** The two forms `rxchat export` writes ([EXPORT-FORMAT], docs/commands.md). */
export type ExportFormat = 'ndjson' | 'text';

export interface ExportOptions extends ArchiveSelection {
  readonly data: string;
  readonly format: ExportFormat;
}

/** [EXPORT-FORMAT] One archived message as one line (with its newline). */
export function formatArchived(message: ArchivedMessage, format: ExportFormat): string {
  const time = new Date(message.ts).toISOString();
  if (format === 'ndjson') {
    const { id, ts, room, from, to, text, kind } = message;
    return JSON.stringify({ id, ts, time, room, from, to, text, ...(kind === undefined ? {} : { kind }) }) + '\n';
  }
  const where = message.room ?? `@${message.to ?? '?'}`;
  // Text never holds a line break ([TEXT-HYGIENE]); a damaged row still cannot split a line.
  const text = message.text.replace(/[\r\n]/g, ' ');
  return message.kind === 'action' ? `${time} ${where} * ${message.from} ${text}\n` : `${time} ${where} <${message.from}> ${text}\n`;
}

/**
 * `rxchat export`: writes the archive of a data directory to `out`, oldest first, a page at a time, waiting for
 * `drain` when the reader is slower (bounded memory). Opens the database read-only: a running server is not
 * disturbed. Resolves when all is written; a closed pipe (`| head`) ends it quietly. Throws a StorageError.
 */
export async function runExport(options: ExportOptions, out: Writable = process.stdout): Promise<void> {
  const reader = openArchiveReader(options.data);
  let failure: NodeJS.ErrnoException | undefined;
  // Stays attached: a closed pipe may be reported after the last write.
  out.on('error', (error: NodeJS.ErrnoException) => void (failure ??= error));
  try {
    for (const page of reader.pages(options)) {
      const chunk = page.map((message) => formatArchived(message, options.format)).join('');
      if (!out.write(chunk)) await writable(out);
      if (failure !== undefined || out.destroyed) break;
    }
  } finally {
    reader.close();
  }
  if (failure !== undefined && failure.code !== 'EPIPE') throw failure;
}

/** Resolves on `drain`, or when the stream fails or closes (the caller then stops). */
function writable(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    out.on('drain', done).on('close', done).on('error', done);
  });
}
