/**
 * The benchmark's proof that nothing was lost, duplicated or reordered: for every receiver and
 * every sender it remembers the last sequence number seen. Senders number their messages
 * 1, 2, 3...; a receiver must see each sender's messages exactly once, in that order.
 */
export interface LedgerSummary {
  /** Deliveries the plan called for. */
  readonly expected: number;
  /** Every delivery seen, good or bad. */
  readonly delivered: number;
  /** Deliveries whose number was not above the last one seen (a duplicate or a late one). */
  readonly duplicates: number;
  /** Deliveries that skipped numbers (something before them was lost or overtaken). */
  readonly skips: number;
  /** Expected deliveries never seen. */
  readonly lost: number;
}

export interface DeliveryLedger {
  /** Notes that `receiver` got message `seq` of `sender`. */
  record(receiver: number, sender: number, seq: number): void;
  /** The last number of `sender` that `receiver` saw in order (0 before the first). */
  last(receiver: number, sender: number): number;
  readonly delivered: number;
  /** The totals; `owed` replaces the planned count when fewer messages were sent ([BENCH-CAP]). */
  summary(owed?: number): LedgerSummary;
}

/**
 * Creates a ledger for `receivers` x `senders`; `expected` is how many deliveries the plan calls
 * for in all. Memory is one 32-bit number per (receiver, sender) pair.
 */
export function createDeliveryLedger(receivers: number, senders: number, expected: number): DeliveryLedger {
  if (!Number.isInteger(receivers) || !Number.isInteger(senders) || receivers < 0 || senders < 0) {
    throw new TypeError(`createDeliveryLedger needs whole counts, got ${receivers} receivers and ${senders} senders`);
  }
  const lastSeq = new Int32Array(receivers * senders);
  let delivered = 0;
  let duplicates = 0;
  let skips = 0;
  return {
    record(receiver, sender, seq) {
      delivered++;
      const at = receiver * senders + sender;
      const last = lastSeq[at]!;
      if (seq === last + 1) lastSeq[at] = seq;
      else if (seq <= last) duplicates++;
      else {
        skips++;
        lastSeq[at] = seq;
      }
    },
    last: (receiver, sender) => lastSeq[receiver * senders + sender]!,
    get delivered() {
      return delivered;
    },
    summary(owed = expected) {
      return { expected: owed, delivered, duplicates, skips, lost: Math.max(0, owed - (delivered - duplicates)) };
    },
  };
}
