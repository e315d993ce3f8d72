import type { RoomEvent } from '../../src/events.js';
import type { ArchivedMessage } from '../../streams/log/event-log.js';

/** A replay-safe event with a distinguishing `at`, for log round trips. */
export function closedEvent(conn: number, at = 1_000 + conn): RoomEvent {
  return { type: 'conn/closed', conn, cause: `bye ${conn}`, at };
}

/** A room message as the fold would archive it. */
export function roomMessage(id: number, room: string, text: string, from = 'alice', ts = 1_764_536_400_000 + id): ArchivedMessage {
  return { id, ts, room, from, to: null, text };
}

/** A private message from -> to. */
export function privateMessage(id: number, from: string, to: string, text: string, ts = 1_764_536_400_000 + id): ArchivedMessage {
  return { id, ts, room: null, from, to, text };
}
