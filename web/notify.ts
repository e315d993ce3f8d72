import type { ClientState } from '../src/client/client-state.js';

/**
 * [WEB-NOTIFY] New mentions and private messages while the page is hidden become browser
 * notifications (once the user allowed them). Returns how many new messages arrived hidden, for
 * the title.
 */
export function notifyNew(before: ClientState, after: ClientState): number {
  if (!document.hidden || after.log.nextSeq === before.log.nextSeq) return 0;
  let count = 0;
  for (const entry of after.log.entries) {
    if (entry.seq < before.log.nextSeq) continue;
    if (entry.kind !== 'message' && entry.kind !== 'private') continue;
    if (entry.kind === 'message' && entry.history) continue;
    count += 1;
    const wanted = entry.kind === 'private' || entry.mention;
    if (wanted && 'Notification' in window && Notification.permission === 'granted') {
      new Notification(entry.kind === 'private' ? `${entry.from} (private)` : `${entry.from} in ${entry.room}`, { body: entry.text, tag: 'rxchat' });
    }
  }
  return count;
}

/** [WEB-TITLE] The unread count in the tab's title: other rooms' unread, and what arrived hidden. */
export function titleFor(state: ClientState, hiddenUnread: number): string {
  let unread = hiddenUnread;
  for (const room of state.rooms.values()) unread += room.unread;
  return unread > 0 ? `(${unread}) rxchat` : 'rxchat';
}
