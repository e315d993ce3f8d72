import type { Entry } from '../src/client/client-entry.js';

/** [WEB-VIEW] What the messages pane shows: a room's entries, or one private conversation. */
export type View = { readonly kind: 'room'; readonly room: string } | { readonly kind: 'private'; readonly nick: string };

const fold = (nick: string) => nick.toLowerCase();

/** Whether `entry` belongs in `view`: a room shows its own and room-less system lines; a private tab its two sides. */
export function inView(entry: Entry, view: View): boolean {
  if (view.kind === 'private') {
    if (entry.kind === 'private') return fold(entry.from) === fold(view.nick) || fold(entry.to) === fold(view.nick);
    return entry.kind === 'own' && entry.to !== undefined && fold(entry.to) === fold(view.nick);
  }
  if (entry.kind === 'private' || (entry.kind === 'own' && entry.to !== undefined)) return false;
  return entry.room === undefined || entry.room === view.room;
}
