/** [SEARCH-WORDS] A search uses at most this many words of what the user typed; the rest are ignored. */
export const SEARCH_MAX_WORDS = 16;

/** [SEARCH-WORDS] A single search word longer than this is cut (FTS5 tokens that long never occur in chat). */
const WORD_MAX = 100;

/** [SEARCH-WORDS] A prefix search (`depl*`) needs at least this many characters before the `*`. */
export const PREFIX_MIN = 3;

/** Letters or digits: a word without any cannot match a token of the unicode61 tokenizer. */
const HAS_TOKEN = /[\p{L}\p{N}]/u;

/** [SEARCH-WORDS] What a search asks for, read once for both archives: its words, and whether the last is a prefix. */
export interface SearchTerms {
  /** The words kept, in order; when `prefix`, the last one is the stem, without its `*`. */
  readonly words: readonly string[];
  readonly prefix: boolean;
}

/**
 * [SEARCH-WORDS] Reads the words a user typed: at most {@link SEARCH_MAX_WORDS} of those that hold a letter or a
 * digit; a last word ending in `*` with at least {@link PREFIX_MIN} characters before it is a prefix (whole words
 * by default: a prefix matches every word it starts, far more than a user means). Null when no word can match
 * anything (nothing but punctuation), so the caller answers "no results". The SQLite archive ({@link ftsQuery})
 * and the memory archive read a search through this one function, so they agree on what it means.
 */
export function searchTerms(typed: string): SearchTerms | null {
  const kept = typed.split(/\s+/u).filter((word) => HAS_TOKEN.test(word)).slice(0, SEARCH_MAX_WORDS);
  if (kept.length === 0) return null;
  const last = kept[kept.length - 1]!;
  const stem = last.replace(/\*+$/u, '');
  const prefix = stem !== last && [...stem].length >= PREFIX_MIN && HAS_TOKEN.test(stem);
  if (prefix) kept[kept.length - 1] = stem;
  return { words: kept, prefix };
}

/**
 * [SEARCH-WORDS] The FTS5 query on the `words` column for what a user typed ({@link searchTerms}): every word must
 * match as a whole word, the last as a prefix when it is one (the index keeps 3- and 4-character prefixes so these
 * stay fast, docs/benchmarks.md). Each word is a quoted FTS5 string (a `"` doubled), so no operator, column filter
 * or syntax error can come from the user: `NEAR(`, `OR`, `-`, `*` and `"` are plain text. Null: no results.
 */
export function ftsQuery(words: string): string | null {
  const terms = searchTerms(words);
  if (terms === null) return null;
  const quoted = terms.words.map((word) => `"${[...word].slice(0, WORD_MAX).join('').replaceAll('"', '""')}"`);
  return `words : (${quoted.join(' AND ')}${terms.prefix ? '*' : ''})`;
}

/** The FTS5 token that marks a room's messages: "r" and the room's UTF-8 bytes in hex, as SQL's `hex()` writes it. */
export function roomToken(room: string): string {
  return 'r' + Buffer.from(room, 'utf8').toString('hex').toUpperCase();
}
