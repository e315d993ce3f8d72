import { describe, expect, test } from 'vitest';
import { renderPresence } from '../../src/irc/irc-render.js';
import { deliverShared, shareIrcFrame } from '../../src/irc/irc-shared.js';
import { initialIrcSession } from '../../src/irc/irc-session.js';
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

  test('a quiet window reads the same (IRC has no quiet form) and is shared: one encoding for every reader but a joiner', () => {
    const quiet = { ...frame, quiet: true } as const;
    expect(renderPresence(quiet, { time: false, msgid: false })).toBe(renderPresence(frame, { time: false, msgid: false }));
    const shared = shareIrcFrame(quiet)!;
    const reader = deliverShared({ ...initialIrcSession, nick: 'eve' }, shared);
    expect(deliverShared({ ...initialIrcSession, nick: 'zed' }, shared).bytes).toBe(reader.bytes);
  });

  test('[IRC-SELF-JOIN] a joiner of the window does not read its own JOIN again (it had its JOIN burst)', () => {
    const shared = shareIrcFrame(frame)!;
    const bob = deliverShared({ ...initialIrcSession, nick: 'bob' }, shared);
    const lines = new TextDecoder().decode(bob.bytes).split('\r\n').filter(Boolean);
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([':cyd!cyd@rxchat PART', ':dan!dan@rxchat QUIT', ':ann!ann@rxchat JOIN']);
  });
});
