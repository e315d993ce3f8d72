import { describe, expect, test } from 'vitest';
import { renderPresence } from '../../src/irc/irc-render.js';
import { shareIrcFrame } from '../../src/irc/irc-shared.js';
import type { PresenceFrame } from '../../src/protocol.js';

const frame: PresenceFrame = {
  type: 'presence', ts: 1764080000000, room: '#dev', count: 3,
  joined: ['ann', 'bob'], left: [{ nick: 'cyd', reason: 'part', text: 'later' }, { nick: 'dan', reason: 'quit' }],
};

describe('[PRESENCE] over IRC', () => {
  test('a window reads as a PART or QUIT per leave, then a JOIN per join, so nick lists stay right', () => {
    const lines = renderPresence(frame, { time: false, msgid: false }).split('\r\n').filter(Boolean);
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['PART', 'QUIT', 'JOIN', 'JOIN']);
    expect(lines[0]).toContain('#dev :later');
    expect(lines.map((l) => l.slice(1, 4))).toEqual(['cyd', 'dan', 'ann', 'bob']);
  });

  test('a quiet window reads the same (IRC has no quiet form) and is shared as plain bytes', () => {
    const quiet = { ...frame, quiet: true } as const;
    expect(renderPresence(quiet, { time: false, msgid: false })).toBe(renderPresence(frame, { time: false, msgid: false }));
    expect(shareIrcFrame(quiet)?.plain).toBe(true);
  });
});
