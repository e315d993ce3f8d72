import { graphemes, type InputLine } from './input-line.js';
import type { TabCycle } from './client-state.js';

/** What Tab can complete: command names (with their `/`), nicknames and room names. */
export interface CompletionSources {
  readonly commands: readonly string[];
  readonly nicks: readonly string[];
  readonly rooms: readonly string[];
}

/**
 * [TUI-TAB] Completes the word before the cursor; pressing Tab again cycles through the other
 * candidates. A nick completed at the start of the line gets `: `, a command a space.
 * Returns `undefined` when nothing matches.
 */
export function complete(input: InputLine, tab: TabCycle | undefined, sources: CompletionSources): { readonly input: InputLine; readonly tab: TabCycle } | undefined {
  if (tab !== undefined && tab.candidates.length > 0) {
    const index = (tab.index + 1) % tab.candidates.length;
    return { input: replaceWord(input, tab.start, tab.candidates[index]!), tab: { ...tab, index } };
  }
  let start = input.cursor;
  while (start > 0 && input.chars[start - 1] !== ' ') start--;
  const prefix = input.chars.slice(start, input.cursor).join('');
  if (prefix === '') return undefined;
  const candidates = candidatesFor(prefix, start === 0, sources);
  if (candidates.length === 0) return undefined;
  return { input: replaceWord(input, start, candidates[0]!), tab: { start, candidates, index: 0 } };
}

function candidatesFor(prefix: string, atStart: boolean, sources: CompletionSources): string[] {
  const lower = prefix.toLowerCase();
  const matching = (words: readonly string[]) => words.filter((w) => w.toLowerCase().startsWith(lower)).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  if (prefix.startsWith('/')) return atStart ? matching(sources.commands).map((c) => `${c} `) : [];
  if (prefix.startsWith('#')) return matching(sources.rooms).map((r) => `${r} `);
  return matching(sources.nicks).map((n) => (atStart ? `${n}: ` : `${n} `));
}

/** Puts `word` in place of what lies between `start` and the cursor. */
function replaceWord(input: InputLine, start: number, word: string): InputLine {
  const added = graphemes(word);
  return { chars: [...input.chars.slice(0, start), ...added, ...input.chars.slice(input.cursor)], cursor: start + added.length };
}
