/**
 * [WEB-SESSION] The page's session across a reload: its nickname and the server's `resume` secret,
 * in this tab's `sessionStorage` (never shared with other tabs, gone with the tab). On load the page
 * says `hello` with them at once, so the server hands it its session back ([RESUME]); nobody sees a
 * leave, as the gateway keeps a page that went away for a while ([WS-LINGER]).
 */
const KEY = 'rxchat.session';

export interface SavedSession {
  readonly nick: string;
  readonly resume: string;
}

/** The session this tab had before a reload, if any. */
export function loadSession(): SavedSession | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<SavedSession> | null;
    return typeof saved?.nick === 'string' && typeof saved.resume === 'string' ? { nick: saved.nick, resume: saved.resume } : undefined;
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
