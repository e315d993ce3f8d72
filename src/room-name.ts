import { err, ok, type Result } from './result.js';

/**
 * [ROOM-NAME] A room name is `#` followed by 1 to 20 letters, digits, `_` or `-`; like nicknames,
 * names are compared case-insensitively, and a room is known by its lower-case form.
 */
const ROOM_PATTERN = /^#[A-Za-z0-9_-]{1,20}$/;

export function validateRoom(name: string): Result<string, string> {
  if (!ROOM_PATTERN.test(name)) return err('room names are "#" and 1 to 20 letters, digits, "_" or "-"');
  return ok(name.toLowerCase());
}
