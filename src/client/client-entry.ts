/**
 * [TUI-ENTRY] One item of the messages pane. `room` is the room it belongs to; entries without a
 * room (private messages, connection notices) show in every room. A new server event kind is a
 * new entry kind here, one case in `on-server-frame.ts` and one in `format-entry.ts`.
 * `session` counts the welcomes that did not resume before it: message ids compare only within
 * one session ([TUI-SESSION-IDS]), since a server restarted in memory counts them from 1 again.
 */

/** The delivery of an own message: waiting to be sent, sent and waiting for `ack`, or settled. */
export type Delivery = 'queued' | 'sent' | 'acked' | 'refused' | 'unconfirmed';

/** How a system line is set apart. */
export type SystemTone = 'info' | 'join' | 'leave' | 'error' | 'help' | 'topic';

/** A message from someone, an own message, a private message, or a system line. */
export type Entry =
  | {
    readonly kind: 'message'; readonly seq: number; readonly session: number; readonly ts: number; readonly room: string;
    readonly from: string; readonly text: string; readonly mention: boolean; readonly action: boolean; readonly history: boolean;
    /** The server's id of the message: replays already shown are known by it, and older ones go above ([TUI-HISTORY-REPLAY]). */
    readonly id?: number;
  }
  | {
    readonly kind: 'own'; readonly seq: number; readonly session: number; readonly ts: number; readonly room: string | undefined;
    readonly from: string; readonly to: string | undefined; readonly text: string; readonly action: boolean;
    readonly ref: string; readonly delivery: Delivery;
    /** The server's id, once acknowledged. */
    readonly id?: number;
  }
  | {
    readonly kind: 'private'; readonly seq: number; readonly session: number; readonly ts: number; readonly room: undefined;
    readonly from: string; readonly to: string; readonly text: string; readonly action: boolean;
  }
  | {
    /** [TUI-SEARCH] One search result: an archived message, `words` marked in its text. */
    readonly kind: 'found'; readonly seq: number; readonly session: number; readonly ts: number; readonly room: string;
    readonly from: string; readonly text: string; readonly action: boolean; readonly id: number; readonly words: readonly string[];
  }
  | {
    readonly kind: 'system'; readonly seq: number; readonly session: number; readonly ts: number; readonly room: string | undefined;
    readonly tone: SystemTone; readonly text: string;
  };

/** An entry before the scrollback numbers it and stamps its session ([TUI-SESSION-IDS]). */
export type NewEntry = Entry extends infer E ? E extends Entry ? Omit<E, 'seq' | 'session'> : never : never;
