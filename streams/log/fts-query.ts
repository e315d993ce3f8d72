/** [SEARCH-WORDS] A search uses at most this many words of what the user typed; the rest are ignored. */
export const SEARCH_MAX_WORDS = 16;

/** [SEARCH-WORDS] A single search word longer than this is cut (FTS5 tokens that long never occur in chat). */
const WORD_MAX = 100;

/** Letters or digits: a word without any cannot match a token of the unicode61 tokenizer. */
const HAS_TOKEN = /[\p{L}\p{N}]/u;

/**
 * [SEARCH-WORDS] Turns the words a user typed into an FTS5 query on the `words` column in which every word must
 * match, the last one as a prefix. Each word is a quoted FTS5 string (a `"` doubled), so no operator, column
 * filter or syntax error can come from the user: `NEAR(`, `OR`, `-`, `*` and `"` are plain text. Returns null
 * when no word can match anything (nothing but punctuation), so the caller answers "no results".
 */
export function ftsQuery(words: string): string | null {
  const kept = words
    .split(/\s+/u)
    .filter((word) => HAS_TOKEN.test(word))
    .slice(0, SEARCH_MAX_WORDS)
    .map((word) => `"${[...word].slice(0, WORD_MAX).join('').replaceAll('"', '""')}"`);
  if (kept.length === 0) return null;
  kept[kept.length - 1] += '*';
  return `words : (${kept.join(' AND ')})`;
}

/** The FTS5 token that marks a room's messages: "r" and the room's UTF-8 bytes in hex, as SQL's `hex()` writes it. */
export function roomToken(room: string): string {
  return 'r' + Buffer.from(room, 'utf8').toString('hex').toUpperCase();
}
