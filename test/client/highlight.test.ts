import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { highlightTerms, searchTerms } from '../../src/client/highlight.js';

/** [TUI-SEARCH] Marking the words of a search in a result. */
describe('[TUI-SEARCH] highlightTerms', () => {
  test('[SEARCH-WORDS] marks whole words in any case, not parts of words; a last word with * marks the words it starts', () => {
    expect(highlightTerms('Release notes: the release is out, prerelease and releases too', searchTerms('release'), 'text', 'mention')).toEqual([
      { text: 'Release', style: 'mention' }, { text: ' notes: the ', style: 'text' }, { text: 'release', style: 'mention' },
      { text: ' is out, prerelease and releases too', style: 'text' },
    ]);
    expect(highlightTerms('deploying the deploy', searchTerms('deploy'), 'text', 'mention').filter((s) => s.style === 'mention').map((s) => s.text)).toEqual(['deploy']);
    expect(highlightTerms('deploying the deploy', searchTerms('the depl*'), 'text', 'mention').filter((s) => s.style === 'mention').map((s) => s.text)).toEqual(['depl', 'the', 'depl']);
    expect(searchTerms('depl* notes*')).toEqual(['notes*', 'depl']);
    expect(searchTerms('de*')).toEqual(['de']);
    expect(highlightTerms('déjà vu', searchTerms('"DÉJÀ"'), 'text', 'mention')[0]).toEqual({ text: 'déjà', style: 'mention' });
  });

  test('search words: lower case, punctuation around them and repeats gone, nothing empty', () => {
    expect(searchTerms('  "Hello"  world! hello ( ) ')).toEqual(['hello', 'world']);
    expect(searchTerms('a.b+c* x')).toEqual(['a.b+c', 'x']);
    expect(searchTerms('x a.b+c*')).toEqual(['a.b+c*', 'x']);
    expect(highlightTerms('y a.b+cd y', searchTerms('a.b+c*'), 'text', 'mention')).toContainEqual({ text: 'a.b+c', style: 'mention' });
  });

  test.prop([fc.string(), fc.string()])('the spans put together are the text, and every marked span starts with a term', (text, words) => {
    const terms = searchTerms(words);
    const spans = highlightTerms(text, terms, 'text', 'mention');
    expect(spans.map((s) => s.text).join('')).toBe(text);
    for (const span of spans.filter((s) => s.style === 'mention')) {
      expect(terms.some((t) => new RegExp(`^${t.replace(/\*$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'iu').test(span.text))).toBe(true);
    }
  });
});
