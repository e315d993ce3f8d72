/**
 * [TUI-SEARCH] The words of a search as the text shows them, following [SEARCH-WORDS]: each marks
 * the whole words of the text that equal it, in any case; a last word ending in `*` marks the
 * words it starts (kept as `word*`; 3 characters at least before the `*`, else a whole word). Quotes and other punctuation around a word are not part of it.
 * Accents are compared as typed (the server's search also ignores them: `cafe` finds `Café`, whose
 * mark is then missing, never wrong).
 */
export function searchTerms(words: string): string[] {
  const raw = words.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const terms = raw.map((w, i) => {
    const bare = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    // [SEARCH-WORDS] A prefix needs 3 characters before its `*`, as the server reads it.
    const prefix = i === raw.length - 1 && /\*+$/u.test(w) && [...bare].length >= 3;
    return bare === '' ? '' : `${bare}${prefix ? '*' : ''}`;
  }).filter((w) => w !== '');
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One term as a pattern: a whole word, or (`word*`) the start of one. */
function patternOf(term: string): string {
  return term.endsWith('*') ? escape(term.slice(0, -1)) : `${escape(term)}(?![\\p{L}\\p{N}])`;
}

/** `text` as spans in `base` style, the words the terms match in `hit` style. */
export function highlightTerms<S extends string>(text: string, terms: readonly string[], base: S, hit: S): { readonly text: string; readonly style: S }[] {
  if (terms.length === 0 || text === '') return [{ text, style: base }];
  // Longest first, so "release" wins over "rel" where both match.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(patternOf).join('|')})`, 'giu');
  const spans: { text: string; style: S }[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') continue;
    if (match.index > at) spans.push({ text: text.slice(at, match.index), style: base });
    spans.push({ text: match[0], style: hit });
    at = match.index + match[0].length;
  }
  if (at < text.length) spans.push({ text: text.slice(at), style: base });
  return spans;
}
