import type { Entry } from '../src/client/client-entry.js';
import { linkify } from './linkify.js';
import { inView, type View } from './view.js';

export type { View } from './view.js';

const isReplay = (e: Entry) => e.kind === 'message' && e.history;
const dayOf = (ts: number) => new Date(ts).toDateString();
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** One entry as a list item; the text goes in as text nodes only ([WEB-TEXT]). */
function entryNode(entry: Entry, previous: Entry | undefined): HTMLElement {
  const li = document.createElement('li');
  li.className = `entry ${entry.kind}${entry.kind === 'system' ? ` ${entry.tone}` : ''}`;
  const time = document.createElement('time');
  time.dateTime = new Date(entry.ts).toISOString();
  time.textContent = timeFormat.format(entry.ts);
  li.append(time);
  if (entry.kind === 'system') {
    li.append(' ', ...linkify(entry.text));
    return li;
  }
  if (entry.kind === 'message' && entry.mention) li.classList.add('mention');
  if (entry.kind === 'own' && entry.delivery !== 'acked') li.dataset['delivery'] = entry.delivery;
  const from = document.createElement('b');
  from.className = 'from';
  from.textContent = entry.action ? `* ${entry.from}` : entry.kind === 'private' || (entry.kind === 'own' && entry.to) ? `${entry.from} → ${entry.kind === 'own' ? entry.to : 'you'}` : entry.from;
  // Grouped lines: the same sender within five minutes shows no name again.
  const grouped = !entry.action && previous !== undefined && previous.kind !== 'system' && previous.from === entry.from && entry.ts - previous.ts < 300_000;
  if (grouped) li.classList.add('grouped');
  const text = document.createElement('span');
  text.className = 'text';
  text.append(...linkify(entry.text));
  li.append(from, ' ', text);
  if (entry.action) li.classList.add('action');
  return li;
}

function daySeparator(ts: number): HTMLElement {
  const li = document.createElement('li');
  li.className = 'day';
  li.setAttribute('role', 'separator');
  li.textContent = dayFormat.format(ts);
  return li;
}

/**
 * [WEB-LOG] Keeps the messages list in step with the scrollback: new entries are appended (with a
 * day separator when the day changes); an older entry (a page of `history`) or another view
 * redraws the list in time order, keeping the reader's place.
 */
export function createLogView(list: HTMLElement) {
  let shown: Entry[] = [];
  let shownView: View | undefined;
  let lastSeq = -1;
  const redraw = (entries: Entry[]) => {
    // Replayed history (the welcome's, and older pages asked for by scrolling up) first, in time
    // order; everything live in the order it arrived (system lines carry this browser's clock, not
    // the server's, so their times are not comparable with the messages').
    const replayed = entries.filter(isReplay).sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    const sorted = [...replayed, ...entries.filter((e) => !isReplay(e))];
    const fragment = document.createDocumentFragment();
    sorted.forEach((entry, i) => {
      const previous = sorted[i - 1];
      if (previous === undefined || dayOf(previous.ts) !== dayOf(entry.ts)) fragment.append(daySeparator(entry.ts));
      fragment.append(entryNode(entry, previous));
    });
    list.replaceChildren(fragment);
    shown = sorted;
  };
  return {
    update(entries: readonly Entry[], view: View): void {
      const fresh = entries.filter((e) => e.seq > lastSeq && inView(e, view));
      const sameView = shownView !== undefined && JSON.stringify(shownView) === JSON.stringify(view);
      const shownSet = new Set(shown);
      const changedOwn = entries.some((e) => e.kind === 'own' && e.seq <= lastSeq && !shownSet.has(e) && inView(e, view));
      const last = shown[shown.length - 1];
      const inOrder = !fresh.some(isReplay) || shown.every(isReplay) && fresh.every((e) => last === undefined || e.ts >= last.ts);
      const scroller = list.parentElement!;
      const fromBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
      if (!sameView || !inOrder || changedOwn || entries.length < shown.length) redraw(entries.filter((e) => inView(e, view)));
      else {
        for (const entry of fresh) {
          const previous = shown[shown.length - 1];
          if (previous === undefined || dayOf(previous.ts) !== dayOf(entry.ts)) list.append(daySeparator(entry.ts));
          list.append(entryNode(entry, previous));
          shown.push(entry);
        }
      }
      lastSeq = entries.length > 0 ? entries[entries.length - 1]!.seq : lastSeq;
      shownView = view;
      // A reader at the bottom follows the conversation; one scrolled up keeps the same place.
      scroller.scrollTop = !sameView || fromBottom < 40 ? scroller.scrollHeight : scroller.scrollHeight - scroller.clientHeight - fromBottom;
    },
  };
}
