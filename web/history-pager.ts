import type { HistoryFrame, ServerFrame } from '../src/protocol.js';

/**
 * [WEB-HISTORY] Scrolling back: per room, the oldest message id the page has seen and the `before`
 * it already asked for, so scrolling to the top asks for the 100 messages before the oldest, once
 * each. A welcome that did not resume forgets them ([TUI-SESSION-IDS]): the old session's ids do
 * not say where the new history starts. `send` is called only from `onTop`.
 */
export function createHistoryPager(send: (frame: HistoryFrame) => void) {
  const oldest = new Map<string, number>();
  const asked = new Map<string, number>();
  return {
    /** Notes a frame the page got. */
    onFrame(frame: ServerFrame): void {
      if (frame.type === 'welcome' && frame.resumed !== true) [oldest, asked].forEach((ids) => ids.clear());
      if (frame.type !== 'message') return;
      const first = oldest.get(frame.room);
      if (first === undefined || frame.id < first) oldest.set(frame.room, frame.id);
    },
    /** The pane of `room` was scrolled to its top: asks for the page before, unless already asked or at the first message. */
    onTop(room: string): void {
      const before = oldest.get(room);
      if (before === undefined || asked.get(room) === before || before <= 1) return;
      asked.set(room, before);
      send({ type: 'history', room, before, limit: 100 });
    },
  };
}
