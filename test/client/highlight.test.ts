import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { highlightTerms, searchTerms } from '../../src/client/highlight.js';

/** [TUI-SEARCH] Marking the words of a search in a result. */
describe('[TUI-SEARCH] highlightTerms', () => {
  test('marks word starts in any case, not the middle of words; longest term first', () => {
    expect(highlightTerms('Release notes: the release is out, prerelease too', searchTerms('release'), 'text', 'mention')).toEqual([
      { text: 'Release', style: 'mention' }, { text: ' notes: the ', style: 'text' }, { text: 'release', style: 'mention' },
      { text: ' is out, prerelease too', style: 'text' },
    ]);
    expect(highlightTerms('deploying the deploy', searchTerms('dep deploy'), 'text', 'mention').filter((s) => s.style === 'mention').map((s) => s.text)).toEqual(['deploy', 'deploy']);
    expect(highlightTerms('déjà vu', searchTerms('"DÉJÀ"'), 'text', 'mention')[0]).toEqual({ text: 'déjà', style: 'mention' });
  });

  test('search words: lower case, punctuation around them and repeats gone, nothing empty', () => {
    expect(searchTerms('  "Hello"  world! hello ( ) ')).toEqual(['hello', 'world']);
    expect(searchTerms('a.b+c*')).toEqual(['a.b+c']);
    expect(highlightTerms('x a.b+c y', searchTerms('a.b+c*'), 'text', 'mention')).toContainEqual({ text: 'a.b+c', style: 'mention' });
  });

  test.prop([fc.string(), fc.string()])('the spans put together are the text, and every marked span starts with a term', (text, words) => {
    const terms = searchTerms(words);
    const spans = highlightTerms(text, terms, 'text', 'mention');
    expect(spans.map((s) => s.text).join('')).toBe(text);
    for (const span of spans.filter((s) => s.style === 'mention')) expect(terms.some((t) => span.text.toLowerCase() === t || new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'iu').test(span.text))).toBe(true);
  });
});
