import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { browseHistory, emptyHistory, rememberLine } from '../../src/client/input-history.js';
import { editInput, emptyInput, graphemes, inputOf, inputText, type InputEdit, type InputLine } from '../../src/client/input-line.js';
import { complete } from '../../src/client/completion.js';

const piece = fc.constantFrom('a', 'b', ' ', 'é', 'e\u0301', '😀', '👩‍💻', '你', 'word ', 'x y');
const edit: fc.Arbitrary<InputEdit> = fc.oneof(
  fc.record({ type: fc.constant('insert' as const), text: piece }),
  fc.constantFrom(...(['backspace', 'delete', 'left', 'right', 'home', 'end', 'word-left', 'word-right', 'kill-word-back', 'kill-to-start', 'kill-to-end'] as const).map((type) => ({ type }))),
);

const valid = (line: InputLine) => {
  expect(line.cursor).toBeGreaterThanOrEqual(0);
  expect(line.cursor).toBeLessThanOrEqual(line.chars.length);
  // the cursor never splits a grapheme: re-segmenting gives the same characters
  expect(graphemes(inputText(line))).toEqual(line.chars);
};

describe('[TUI-INPUT] input line', () => {
  test.prop([fc.array(edit, { maxLength: 40 })])('any edits keep the cursor in range and between graphemes', (edits) => {
    let line = emptyInput;
    for (const e of edits) {
      line = editInput(Object.freeze(line), e);
      valid(line);
    }
  });

  test.prop([fc.array(edit, { maxLength: 20 }), piece])('insert puts the text at the cursor; backspace takes it back', (edits, text) => {
    const line = edits.reduce(editInput, emptyInput);
    const before = inputText({ chars: line.chars.slice(0, line.cursor), cursor: 0 });
    const after = inputText({ chars: line.chars.slice(line.cursor), cursor: 0 });
    const inserted = editInput(line, { type: 'insert', text });
    expect(inputText(inserted)).toBe(before + text + after);
    const added = inserted.cursor - line.cursor;
    let back = inserted;
    for (let i = 0; i < added; i++) back = editInput(back, { type: 'backspace' });
    expect(inputText(back)).toBe(inputText(line));
    expect(back.cursor).toBe(line.cursor);
  });

  test.prop([fc.array(edit, { maxLength: 20 })])('kill to start then kill to end empties the line; no-op edits return the same reference', (edits) => {
    const line = edits.reduce(editInput, emptyInput);
    expect(editInput(editInput(line, { type: 'kill-to-start' }), { type: 'kill-to-end' }).chars).toEqual([]);
    const atEnd = editInput(line, { type: 'end' });
    expect(editInput(atEnd, { type: 'right' })).toBe(atEnd);
    expect(editInput(atEnd, { type: 'delete' })).toBe(atEnd);
  });

  test.prop([fc.array(fc.constantFrom('one', 'two', 'three', ''), { maxLength: 10 }), fc.string({ maxLength: 5 }), fc.array(fc.constantFrom('up' as const, 'down' as const), { maxLength: 15 })])(
    '[TUI-HISTORY] browsing up then all the way down restores the draft',
    (lines, draft, moves) => {
      const history = lines.reduce(rememberLine, emptyHistory);
      let state = { history, input: inputOf(draft) };
      for (const move of moves) state = browseHistory(state.history, state.input, move);
      for (let i = 0; i <= lines.length; i++) state = browseHistory(state.history, state.input, 'down');
      expect(inputText(state.input)).toBe(draft);
      expect(state.history.index).toBeUndefined();
    },
  );

  test('[TUI-TAB] Tab completes a nick with ": " at the start, cycles, and completes commands', () => {
    const sources = { commands: ['/help', '/history', '/join'], nicks: ['bob', 'Bobby', 'carol'], rooms: ['#lobby'] };
    const first = complete(inputOf('bo'), undefined, sources)!;
    expect(inputText(first.input)).toBe('bob: ');
    const second = complete(first.input, first.tab, sources)!;
    expect(inputText(second.input)).toBe('Bobby: ');
    expect(inputText(complete(inputOf('hi ca'), undefined, sources)!.input)).toBe('hi carol ');
    expect(inputText(complete(inputOf('/hi'), undefined, sources)!.input)).toBe('/history ');
    expect(complete(inputOf('zz'), undefined, sources)).toBeUndefined();
  });
});
