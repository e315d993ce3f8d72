import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { initialClientState, type ClientState } from '../../src/client/client-state.js';
import { inputOf, editInput } from '../../src/client/input-line.js';
import { selectInput, selectStatus, selectTooSmall } from '../../src/client/select-view.js';
import { textWidth } from '../../src/client/text-width.js';
import { LOBBY } from '../../src/protocol.js';

const base = initialClientState({ server: 'h:1', bell: true, maxScrollback: 10 }, 'alice');
const online: ClientState = {
  ...base, phase: 'chatting', registered: true, latencyMs: 12,
  conn: { status: 'online', server: 'h:1', attempt: 0, retryInMs: undefined, cause: undefined },
  rooms: new Map([[LOBBY, { members: ['alice', 'bob'], topic: null, unread: 0, mentioned: false }]]),
};
const text = (spans: readonly { text: string }[]) => spans.map((s) => s.text).join('');

describe('[TUI-VIEW] selectors', () => {
  test('the status bar names server, state, room, members, latency and nick', () => {
    expect(text(selectStatus(online, 0))).toBe(' h:1 │ ● online │ #lobby │ 2 members │ 12 ms │ alice');
    const offline: ClientState = { ...online, conn: { status: 'offline', server: 'h:1', attempt: 2, retryInMs: 2000, cause: 'connection refused' } };
    expect(text(selectStatus(offline, 7))).toContain('○ offline, retry in 2.0s (connection refused)');
    expect(text(selectStatus({ ...online, size: { cols: 30, rows: 10 } }, 0)).length).toBeLessThanOrEqual(30);
  });

  test.prop([fc.string({ maxLength: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 40, max: 120 })])(
    'the input line fits the width and always shows the cursor',
    (typed, left, cols) => {
      let input = inputOf(typed);
      for (let i = 0; i < left; i++) input = editInput(input, { type: 'left' });
      const view = selectInput({ ...online, input, size: { cols, rows: 24 } });
      expect(textWidth(view.prompt.text + view.before + view.at + view.after)).toBeLessThanOrEqual(cols);
      expect(view.at).toBe(input.chars[input.cursor] ?? ' ');
    },
  );

  test('a terminal below 40x8 gets a notice instead of panes', () => {
    expect(selectTooSmall({ ...online, size: { cols: 39, rows: 24 } })).toContain('terminal too small');
    expect(selectTooSmall({ ...online, size: { cols: 40, rows: 8 } })).toBeUndefined();
  });
});
