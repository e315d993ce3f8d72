import type { ClientFrame, ServerFrame } from '../src/protocol.js';

/**
 * [WEB-SEEN] The newest message id the page has drawn, across its rooms, after `frame`: a room
 * message (live or replayed) or the ack of the user's own raises it. A welcome that did not resume
 * starts it again from 0: the new session's ids are not comparable with the old one's (a server
 * restarted in memory counts from 1 again).
 */
export function seenAfter(seen: number, frame: ServerFrame): number {
  switch (frame.type) {
    case 'welcome': return frame.resumed === true ? seen : 0;
    case 'message': case 'ack': return Math.max(seen, frame.id);
    default: return seen;
  }
}

/**
 * [RESUME-SEEN] The page's `hello` carries `seen` whenever it resumes: the newest id the page drew,
 * kept across a reload in the tab's session ([WEB-SESSION]), where the scrollback that the client
 * reducer reads it from is empty. Any other frame, and a hello without `resume`, go as they are.
 */
export function withSeen(frame: ClientFrame, seen: number): ClientFrame {
  if (frame.type !== 'hello' || frame.resume === undefined) return frame;
  const { seen: _ignored, ...hello } = frame;
  return seen > 0 ? { ...hello, seen } : hello;
}
