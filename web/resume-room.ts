import type { ServerFrame } from '../src/protocol.js';
import { validateRoom } from '../src/room-name.js';

/**
 * [WEB-ROOM] The room kept with a stored session, if it is one: storage is not ours alone to trust
 * (an older page kept none), and a value that is not a room name is ignored, so the page lands
 * where the server puts it.
 */
export function savedRoom(value: unknown): string | undefined {
  return typeof value === 'string' && validateRoom(value).ok ? value : undefined;
}

/**
 * [WEB-ROOM] The room to show after a resume: the one the page showed before (`remembered`) while
 * the session is still in it, else `current`, where the client reducer put the page (the last room
 * the server re-sent, or where a part or kick left it).
 */
export function roomAfterResume(remembered: string | undefined, rooms: ReadonlyMap<string, unknown>, current: string): string {
  return remembered !== undefined && rooms.has(remembered) ? remembered : current;
}

/**
 * [WEB-ROOM] Brings the page back to the room it showed, across a reload (`saved`, kept with the
 * session, [WEB-SESSION]) or a dropped socket (the room shown when the welcome comes). A resume
 * re-sends each room, and each room the page did not know becomes the current one, in the server's
 * order; so from a resumed welcome until the user chooses for themselves (`release`), `settle`
 * says which room to show. A welcome that did not resume is a new session: nothing to come back to.
 */
export function createRoomReturn(saved: string | undefined) {
  let loaded = saved;
  let first = true;
  let pending: string | undefined;
  return {
    /** Notes a frame before the reducer sees it; `current` is the room the page shows now. */
    onFrame(frame: ServerFrame, current: string): void {
      if (frame.type !== 'welcome') return;
      // The first welcome after a load comes back to the room saved before the reload (if any:
      // an older page saved none), a later one to the room shown when its socket dropped.
      pending = frame.resumed !== true ? undefined : first ? loaded : current;
      [first, loaded] = [false, undefined];
    },
    /** The room to show, given the session's rooms and the reducer's current room. */
    settle(rooms: ReadonlyMap<string, unknown>, current: string): string {
      return roomAfterResume(pending, rooms, current);
    },
    /** The user chose a room or typed a command: their choice stands from now on. */
    release(): void {
      pending = undefined;
    },
    /** The room to keep with the session: the one still to come back to, else `current`. */
    remembered(current: string): string {
      return pending ?? loaded ?? current;
    },
  };
}
