import type { Entry } from '../src/client/client-entry.js';

const isReplay = (e: Entry): e is Entry & { kind: 'message'; history: true } => e.kind === 'message' && e.history;

/** The server's id of a message that arrived live (or an own one it acknowledged), if any. */
function liveId(e: Entry): number | undefined {
  return (e.kind === 'message' && !e.history) || e.kind === 'own' ? e.id : undefined;
}

const replayId = (e: Entry) => (isReplay(e) ? e.id ?? -Infinity : -Infinity);

/**
 * [WEB-LOG] The order the messages pane draws a view's entries in. Replayed messages older than
 * everything that arrived live (the join's history, older pages asked for by scrolling up, and
 * what a reload drew before it, [WEB-CONTEXT]) go first, by id; everything else keeps the
 * scrollback's order, where a replay newer than a live message (what a drop missed, replayed after
 * [RESUME-SEEN]) already sits after it (the client reducer places replays by id). System lines
 * carry this browser's clock, not the server's, so no times are compared. Ids compare within one
 * session only ([TUI-SESSION-IDS]: a server restarted in memory counts from 1 again), so each
 * session's run of entries is ordered on its own, after the one before.
 */
export function drawOrder(entries: readonly Entry[]): Entry[] {
  const order: Entry[] = [];
  for (let start = 0; start < entries.length;) {
    let end = start + 1;
    while (end < entries.length && entries[end]!.session === entries[start]!.session) end++;
    order.push(...sessionOrder(entries.slice(start, end)));
    start = end;
  }
  return order;
}

/** One session's entries: its older replays first, by id, then the rest as they are. */
function sessionOrder(entries: readonly Entry[]): Entry[] {
  let firstLive = Infinity;
  for (const e of entries) firstLive = Math.min(firstLive, liveId(e) ?? Infinity);
  const older = (e: Entry) => isReplay(e) && replayId(e) < firstLive;
  const top = entries.filter(older).sort((a, b) => replayId(a) - replayId(b) || a.seq - b.seq);
  return [...top, ...entries.filter((e) => !older(e))];
}

/**
 * Whether the pane, showing `shown`, needs only `next` appended to show `order`: `order` starts
 * with `shown`, entry for entry. Otherwise it is drawn again.
 */
export function appendsTo(shown: readonly Entry[], order: readonly Entry[]): boolean {
  return order.length >= shown.length && shown.every((e, i) => order[i] === e);
}
