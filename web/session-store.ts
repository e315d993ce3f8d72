import { savedRoom } from './resume-room.js';

/**
 * [WEB-SESSION] The page's session across a reload: its nickname, the server's `resume` secret,
 * the newest message id it drew ([WEB-SEEN], sent as [RESUME-SEEN]) and the room it showed
 * ([WEB-ROOM]), in this tab's `sessionStorage` (never shared with other tabs, gone with the tab). On
 * load the page says `hello` with them at once, so the server hands it its session back ([RESUME]);
 * nobody sees a leave, as the gateway keeps a page that went away for a while ([WS-LINGER]).
 */
const KEY = 'rxchat.session';

export interface SavedSession {
  readonly nick: string;
  readonly resume: string;
  /** [WEB-SEEN] The newest message id drawn, 0 for none. */
  readonly seen: number;
  /** [WEB-ROOM] The room the page showed, to come back to; none from an older page. */
  readonly room?: string;
}

/** The session this tab had before a reload, if any. */
export function loadSession(): SavedSession | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<SavedSession> | null;
    if (typeof saved?.nick !== 'string' || typeof saved.resume !== 'string') return undefined;
    // A session saved by an older page has no `seen`: it resumes with the server's default replay.
    const seen = Number.isSafeInteger(saved.seen) && saved.seen! > 0 ? saved.seen! : 0;
    const room = savedRoom(saved.room);
    return { nick: saved.nick, resume: saved.resume, seen, ...(room === undefined ? {} : { room }) };
  } catch {
    return undefined; // storage refused (privacy mode) or not ours: start afresh
  }
}

/** Remembers the session (after each `welcome`), or forgets it (`undefined`: the user left). */
export function saveSession(session: SavedSession | undefined): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Without storage a reload is a new session, as before.
  }
}

/**
 * [WEB-SESSION] Keeps the stored session up to date: it is written only when the nickname, the
 * secret, [WEB-SEEN] or the room shown ([WEB-ROOM]) changed, and never again once forgotten (the user left with `/quit`).
 */
export function createSessionKeeper(saved: SavedSession | undefined) {
  let stored = saved;
  let forgotten = false;
  return {
    keep(nick: string | undefined, resume: string | undefined, seen: number, room: string): void {
      if (forgotten || nick === undefined || resume === undefined) return;
      if (stored?.nick === nick && stored.resume === resume && stored.seen === seen && stored.room === room) return;
      stored = { nick, resume, seen, room };
      saveSession(stored);
    },
    forget(): void {
      forgotten = true;
      saveSession(undefined);
    },
  };
}
