/**
 * [BENCH-STREAM] The proof of exact delivery for original-protocol senders that do not wait for
 * their echo: the server cuts each sender's byte stream into pieces where it likes ([LEGACY-STREAM]:
 * at newlines, at the text limit, at what a read delivered), so messages cannot be counted. Instead,
 * every receiver's pieces of a sender, concatenated, must equal the bytes the sender wrote. The
 * ledger keeps one offset per (receiver, sender) into the known stream and compares each piece there.
 */
import type { LedgerSummary } from './delivery-ledger.js';

export interface StreamLedger {
  /** Notes that `receiver` got `piece` (the text of one message or line) from `sender`. */
  record(receiver: number, sender: number, piece: Buffer): void;
  /** Bytes received that matched the stream at their place, over all pairs. */
  readonly matched: number;
  /** Pieces received, good or bad. */
  readonly pieces: number;
  /**
   * The totals in bytes: `delivered` every byte received, `duplicates` bytes already seen,
   * `skips` pieces that jumped ahead (or matched nowhere), `lost` expected bytes never matched.
   */
  summary(): LedgerSummary;
}

/**
 * A ledger for `receivers` x `streams.length` senders, where `streams[s]` is what sender `s` wrote
 * and `fanout` how many receivers must get each sender's stream in full.
 */
export function createStreamLedger(receivers: number, streams: readonly Buffer[], fanout: number): StreamLedger {
  if (!Number.isInteger(receivers) || receivers < 0 || !Number.isInteger(fanout) || fanout < 0) {
    throw new TypeError(`createStreamLedger needs whole counts, got ${receivers} receivers and fanout ${fanout}`);
  }
  const senders = streams.length;
  const offset = new Float64Array(receivers * senders);
  const expected = streams.reduce((n, s) => n + s.length, 0) * fanout;
  let matched = 0;
  let delivered = 0;
  let duplicates = 0;
  let skips = 0;
  let pieces = 0;
  return {
    record(receiver, sender, piece) {
      pieces++;
      delivered += piece.length;
      const stream = streams[sender]!;
      const at = receiver * senders + sender;
      const from = offset[at]!;
      if (piece.length > 0 && stream.compare(piece, 0, piece.length, from, from + piece.length) === 0) {
        offset[at] = from + piece.length;
        matched += piece.length;
        return;
      }
      const ahead = stream.indexOf(piece, from);
      if (ahead > from) {
        // Bytes between were lost (or overtaken): the piece still counts where it belongs.
        skips++;
        offset[at] = ahead + piece.length;
        matched += piece.length;
      } else if (stream.subarray(0, from).indexOf(piece) >= 0) duplicates += piece.length;
      else skips++; // matches nowhere: corrupted
    },
    get matched() {
      return matched;
    },
    get pieces() {
      return pieces;
    },
    summary: () => ({ expected, delivered, duplicates, skips, lost: Math.max(0, expected - matched) }),
  };
}

/**
 * What sender `s` writes: `messages` packets of exactly `size` bytes (ASCII letters, digits and
 * dots: no whitespace, so [LEGACY-STREAM]'s trailing-whitespace rule drops nothing, no newline,
 * nothing JSON must escape), each naming its sender and number so a misplaced piece is told apart.
 */
export function streamPackets(s: number, messages: number, size: number): Buffer[] {
  const filler = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.repeat(Math.ceil(size / 52) + 1);
  return Array.from({ length: messages }, (_, k) => {
    const head = `${s}.${k + 1}.`;
    if (head.length > size) throw new RangeError(`a packet of ${size} bytes cannot hold "${head}"`);
    return Buffer.from(head + filler.slice(0, size - head.length), 'latin1');
  });
}
