/**
 * Cost of one chat line's history update, old (`appendBounded`, a copy of the whole array) against
 * new (`BoundedHistory.append`), with the history full at `--history` 50 and 10,000.
 * `npm run build && node dist/bench/micro/history.js`; figures are in docs/benchmarks.md.
 */
import { BoundedHistory } from '../../src/bounded-history.js';
import { ns, nsPerOp, type Timing } from './time-per-op.js';

/** What talk.ts did before: `list` with `item` at the end, the oldest dropped past `limit`. */
function appendBounded<T>(list: readonly T[], item: T, limit: number): readonly T[] {
  const keep = list.length >= limit ? list.slice(list.length - limit + 1) : list;
  return [...keep, item];
}

const message = (id: number) => ({ type: 'message', id, ts: id, room: '#lobby', from: 'alice', text: `line ${id}` });

function measure(limit: number, appends: number): { old: Timing; now: Timing } {
  const items = Array.from({ length: limit + appends }, (_, i) => message(i));
  const fullArray = items.slice(0, limit);
  const fullHistory = BoundedHistory.fromJSON(fullArray);
  let sinkA: readonly unknown[] = [];
  let sinkB = BoundedHistory.empty<unknown>();
  const old = nsPerOp(appends, () => {
    let list: readonly unknown[] = fullArray;
    for (let i = 0; i < appends; i++) list = appendBounded(list, items[limit + i], limit);
    sinkA = list;
  });
  const now = nsPerOp(appends, () => {
    let history: BoundedHistory<unknown> = fullHistory;
    for (let i = 0; i < appends; i++) history = history.append(items[limit + i], limit);
    sinkB = history;
  });
  if (sinkA.length !== limit || sinkB.size !== limit) throw new Error('benchmark lost items');
  return { old, now };
}

console.log('history limit | appends timed | old ns/append (array copy) | new ns/append (BoundedHistory) | old/new (medians); ns: median (best) of 7 rounds');
for (const [limit, appends] of [[50, 200_000], [10_000, 5_000]] as const) {
  const { old, now } = measure(limit, appends);
  console.log(`${limit} | ${appends} | ${ns(old)} | ${ns(now)} | ${(old.median / now.median).toFixed(1)}x`);
}
