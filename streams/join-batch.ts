/** A turn's frames for one peer and the one buffer they were joined into. */
interface Batch {
  readonly parts: readonly Uint8Array[];
  readonly joined: Uint8Array;
}

const MAX_VARIANTS = 4;

/**
 * Remembers recent batches by their last frame. Weak: a batch is forgotten once nothing holds its
 * last frame any more, so this memo never keeps bytes alive that no socket is still sending.
 */
const recent = new WeakMap<Uint8Array, Batch[]>();

/**
 * [BATCH-ONCE] Joins the frames queued for one peer in one turn into a single buffer. Peers whose
 * turn holds the very same frames (the same buffers, in the same order: every member of a room
 * that did not send them) get the very same joined buffer, so a room's batch is copied once per
 * turn rather than once per member, and bytes waiting in slow sockets are shared, not repeated.
 * `parts` must not be mutated afterwards; `length` is their total size.
 */
export function joinBatch(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const key = parts[parts.length - 1]!; // a sender's batch ends with its own ack: a key of its own
  const variants = recent.get(key);
  if (variants) {
    for (const batch of variants) if (sameParts(batch.parts, parts)) return batch.joined;
  }
  const joined = Buffer.concat(parts, length);
  if (!variants) recent.set(key, [{ parts, joined }]);
  else if (variants.length < MAX_VARIANTS) variants.push({ parts, joined });
  return joined;
}

function sameParts(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
