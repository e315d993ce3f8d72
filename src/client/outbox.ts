import type { ClientFrame } from '../protocol.js';

/**
 * [TUI-OUTBOX] Own messages the server has not acknowledged yet, oldest first. A message is
 * `queued` while there is no registered connection and `sent` once written; it leaves the
 * outbox when acknowledged, refused, or (if the connection dropped after sending) reported as
 * unconfirmed. Nothing is sent twice: a sent message whose ack was lost is reported, never
 * resent behind the user's back, because the server may have delivered it already.
 */
export interface Outgoing {
  readonly ref: string;
  /** The room it is said in, or `undefined` for a private message to `to`. */
  readonly room: string | undefined;
  readonly to: string | undefined;
  readonly text: string;
  readonly action: boolean;
  readonly status: 'queued' | 'sent';
}

/** The queued messages, in order, ready to send; and the outbox with them marked sent. */
export function takeQueued(outbox: readonly Outgoing[]): { readonly outbox: readonly Outgoing[]; readonly ready: readonly Outgoing[] } {
  const ready = outbox.filter((item) => item.status === 'queued');
  if (ready.length === 0) return { outbox, ready };
  return { outbox: outbox.map((item) => (item.status === 'queued' ? { ...item, status: 'sent' as const } : item)), ready };
}

/** Removes the message with `ref`; `found` is undefined when it was not outstanding. */
export function settle(outbox: readonly Outgoing[], ref: string | undefined): { readonly outbox: readonly Outgoing[]; readonly found: Outgoing | undefined } {
  const index = ref === undefined ? -1 : outbox.findIndex((item) => item.ref === ref);
  if (index < 0) return { outbox, found: undefined };
  return { outbox: [...outbox.slice(0, index), ...outbox.slice(index + 1)], found: outbox[index] };
}

/** [TUI-RATE] Puts a message the server refused for now (`RATE_LIMITED`) back in the queue, in place. */
export function requeue(outbox: readonly Outgoing[], ref: string | undefined): readonly Outgoing[] {
  return outbox.map((item) => (item.ref === ref ? { ...item, status: 'queued' as const } : item));
}

/** Splits the outbox when the connection drops: sent ones are reported, queued ones wait. */
export function dropSent(outbox: readonly Outgoing[]): { readonly outbox: readonly Outgoing[]; readonly lost: readonly Outgoing[] } {
  const lost = outbox.filter((item) => item.status === 'sent');
  if (lost.length === 0) return { outbox, lost };
  return { outbox: outbox.filter((item) => item.status === 'queued'), lost };
}

/** The frame that sends an own message. */
export function frameOf(item: Outgoing): ClientFrame {
  const kind = item.action ? { kind: 'action' as const } : {};
  return item.to === undefined
    ? { type: 'say', text: item.text, room: item.room, ref: item.ref, ...kind }
    : { type: 'msg', to: item.to, text: item.text, ref: item.ref, ...kind };
}
