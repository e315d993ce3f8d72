/**
 * [TUI-INPUT] The input line: text as user-perceived characters (graphemes) and a cursor between
 * them, so the cursor never lands inside an emoji or a letter with its accents. Pure edits only:
 * every function returns a new line, or the same reference when nothing changes.
 */

/** The line being typed: `chars` are graphemes; `0 <= cursor <= chars.length`. */
export interface InputLine {
  readonly chars: readonly string[];
  readonly cursor: number;
}

/** The edits the keys of the input line make. */
export type InputEdit =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' }
  | { readonly type: 'word-left' | 'word-right' | 'kill-word-back' | 'kill-to-start' | 'kill-to-end' };

/** An empty line. */
export const emptyInput: InputLine = { chars: [], cursor: 0 };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits text into graphemes. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** A line holding `text` with the cursor at its end. */
export function inputOf(text: string): InputLine {
  const chars = graphemes(text);
  return { chars, cursor: chars.length };
}

/** The text of the line. */
export function inputText(line: InputLine): string {
  return line.chars.join('');
}

/** Applies one edit. */
export function editInput(line: InputLine, edit: InputEdit): InputLine {
  const { chars, cursor } = line;
  switch (edit.type) {
    case 'insert': {
      const added = graphemes(edit.text.replace(/[\r\n\t]/g, ' '));
      if (added.length === 0) return line;
      return { chars: [...chars.slice(0, cursor), ...added, ...chars.slice(cursor)], cursor: cursor + added.length };
    }
    case 'backspace':
      return cursor === 0 ? line : { chars: [...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor: cursor - 1 };
    case 'delete':
      return cursor === chars.length ? line : { chars: [...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor };
    case 'left':
      return moveTo(line, cursor - 1);
    case 'right':
      return moveTo(line, cursor + 1);
    case 'home':
      return moveTo(line, 0);
    case 'end':
      return moveTo(line, chars.length);
    case 'word-left':
      return moveTo(line, wordStart(chars, cursor));
    case 'word-right':
      return moveTo(line, wordEnd(chars, cursor));
    case 'kill-word-back': {
      const start = wordStart(chars, cursor);
      return start === cursor ? line : { chars: [...chars.slice(0, start), ...chars.slice(cursor)], cursor: start };
    }
    case 'kill-to-start':
      return cursor === 0 ? line : { chars: chars.slice(cursor), cursor: 0 };
    case 'kill-to-end':
      return cursor === chars.length ? line : { chars: chars.slice(0, cursor), cursor };
  }
}

function moveTo(line: InputLine, cursor: number): InputLine {
  const next = Math.max(0, Math.min(line.chars.length, cursor));
  return next === line.cursor ? line : { chars: line.chars, cursor: next };
}

/** Where the word before `cursor` starts (spaces before it are skipped first). */
function wordStart(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && chars[i - 1] === ' ') i--;
  while (i > 0 && chars[i - 1] !== ' ') i--;
  return i;
}

/** Where the word after `cursor` ends. */
function wordEnd(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i < chars.length && chars[i] === ' ') i++;
  while (i < chars.length && chars[i] !== ' ') i++;
  return i;
}
