import type { Entry } from '../src/client/client-entry.js';
import { appendsTo, drawOrder } from './draw-order.js';
import { linkify } from './linkify.js';
import { inView, type View } from './view.js';

export type { View } from './view.js';

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
 * [WEB-LOG] Keeps the messages list in step with the scrollback, in [drawOrder]: new entries at the
 * end are appended (with a day separator when the day changes); anything else (an older page of
 * `history`, an acknowledged own line, another view) redraws the list, keeping the reader's place.
 */
export function createLogView(list: HTMLElement) {
  let shown: Entry[] = [];
  let shownView: View | undefined;
  const append = (target: Node, entries: readonly Entry[]) => {
    for (const entry of entries) {
      const previous = shown[shown.length - 1];
      if (previous === undefined || dayOf(previous.ts) !== dayOf(entry.ts)) target.appendChild(daySeparator(entry.ts));
      target.appendChild(entryNode(entry, previous));
      shown.push(entry);
    }
  };
  return {
    update(entries: readonly Entry[], view: View): void {
      const order = drawOrder(entries.filter((e) => inView(e, view)));
      const sameView = shownView !== undefined && JSON.stringify(shownView) === JSON.stringify(view);
      const scroller = list.parentElement!;
      const fromBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
      if (sameView && appendsTo(shown, order)) append(list, order.slice(shown.length));
      else {
        shown = [];
        const fragment = document.createDocumentFragment();
        append(fragment, order);
        list.replaceChildren(fragment);
      }
      shownView = view;
      // A reader at the bottom follows the conversation; one scrolled up keeps the same place.
      scroller.scrollTop = !sameView || fromBottom < 40 ? scroller.scrollHeight : scroller.scrollHeight - scroller.clientHeight - fromBottom;
    },
  };
}
