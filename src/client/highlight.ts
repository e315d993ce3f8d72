/**
 * [TUI-SEARCH] The words of a search as the text shows them: each marks where a word of the text
 * starts with it, in any case (the archive's full-text search matches words and word starts).
 * Quotes and other punctuation around a search word are not part of it.
 */
export function searchTerms(words: string): string[] {
  const terms = words.toLowerCase().split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w !== '');
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` as spans in `base` style, every start of a word that begins with one of `terms` in `hit` style. */
export function highlightTerms<S extends string>(text: string, terms: readonly string[], base: S, hit: S): { readonly text: string; readonly style: S }[] {
  if (terms.length === 0 || text === '') return [{ text, style: base }];
  // Longest first, so "release" wins over "rel" where both match.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escape).join('|')})`, 'giu');
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
