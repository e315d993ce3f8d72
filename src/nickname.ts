import { err, ok, type Result } from './result.js';

/** [NICK-LEN] A nickname has 3 to 10 characters, as in the original chat. */
export const NICK_MIN = 3;
export const NICK_MAX = 10;

/** [NICK-CHARS] Letters, digits, `_` and `-` only: nothing a terminal could interpret. */
const NICK_PATTERN = /^[A-Za-z0-9_-]+$/;

export type NickProblem = 'length' | 'chars';

/**
 * Checks a nickname against [NICK-LEN] and [NICK-CHARS]; returns it unchanged when valid.
 */
export function validateNick(nick: string): Result<string, NickProblem> {
  if (nick.length < NICK_MIN || nick.length > NICK_MAX) return err('length');
  if (!NICK_PATTERN.test(nick)) return err('chars');
  return ok(nick);
}

/** [NICK-CASE] Nicknames are unique case-insensitively: `Bob` and `bob` are the same person. */
export function foldNick(nick: string): string {
  return nick.toLowerCase();
}

/** The words a user reads when a nickname is refused. */
export function describeNickProblem(problem: NickProblem): string {
  return problem === 'length'
    ? `nickname must be ${NICK_MIN} to ${NICK_MAX} characters`
    : 'nickname may contain only letters, digits, "_" and "-"';
}
