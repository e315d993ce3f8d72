import type { Entry } from '../src/client/client-entry.js';
import { DEFAULT_HISTORY, type HistoryFrame, type ServerFrame } from '../src/protocol.js';

/**
 * [WEB-CONTEXT] After a reload the server replays only what came after `seen`, so the page asks a
 * room it shows for the messages up to `seen` (the ones it drew before the reload) once: `history`
 * `before` seen + 1, as many as a join replays. Nothing when the page already shows one of them.
 */
export function contextRequest(entries: readonly Entry[], room: string, seen: number): HistoryFrame | undefined {
  const shown = entries.some((e) => e.room === room && (e.kind === 'message' || e.kind === 'own') && e.id !== undefined && e.id <= seen);
  return shown || seen <= 0 ? undefined : { type: 'history', room, before: seen + 1, limit: DEFAULT_HISTORY };
}

/**
 * [WEB-CONTEXT] The page's questions for what it drew before a reload, from the `seen` it kept
 * (0: nothing to ask). A welcome that did not resume ends them: the session is a new one. A room's
 * "no earlier history" answer to the page's own question is not the reader's news (`onFrame` says
 * so). `send` is called only from `ask`.
 */
export function createResumeContext(seen: number, send: (frame: HistoryFrame) => void) {
  let active = seen > 0;
  const asked = new Set<string>();
  const waiting = new Set<string>();
  return {
    /** Notes a frame; true for the answer to the page's own question, which is not shown. */
    onFrame(frame: ServerFrame): boolean {
      if (frame.type === 'welcome' && frame.resumed !== true) active = false;
      if (frame.type === 'message' && frame.history === true && frame.id <= seen) waiting.delete(frame.room);
      if (frame.type !== 'info' || !active) return false;
      const room = [...waiting].find((r) => frame.text === `no earlier history in ${r}`);
      return room !== undefined && waiting.delete(room);
    },
    /** `room` is shown, the session resumed: asks for its context, once. */
    ask(entries: readonly Entry[], room: string): void {
      if (!active || asked.has(room)) return;
      asked.add(room);
      const frame = contextRequest(entries, room, seen);
      if (frame === undefined) return;
      waiting.add(room);
      send(frame);
    },
  };
}
