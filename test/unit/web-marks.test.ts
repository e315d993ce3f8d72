import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { createMemberMarks } from '../../web/member-marks.js';

/** [WEB-MARKS] The page's marks: which `whois` questions it sends, and which marks result. */
function harness() {
  const asked: string[] = [];
  const timers: (() => void)[] = [];
  const marks = createMemberMarks(
    (frame: ClientFrame) => asked.push(frame.type === 'whois' ? frame.nick : `?${frame.type}`),
    () => true,
    (run) => void timers.push(run),
  );
  /** Every pending pause ends (and those it starts), as if time went on until the queue is empty. */
  const drain = () => {
    for (let i = 0; i < 1_000 && timers.length > 0; i++) timers.shift()!();
  };
  /** The page's question is answered as the server would: `away` is the reason, or null. */
  const answer = (nick: string, away: string | null = null, oper = false) =>
    marks.onFrame({ type: 'whois', nick, away, oper } as unknown as ServerFrame);
  const frame = (f: object) => marks.onFrame(f as ServerFrame);
  return { asked, marks, drain, answer, frame };
}
const page = (members: string[], extra: object = {}) =>
  ({ type: 'room', room: '#big', topic: null, topicLocked: false, members, count: members.length, ...extra });
const welcome = { type: 'welcome', version: 1, nick: 'me', room: '#lobby', members: [], maxFrameBytes: 16_384, maxTextLength: 4_000 };

describe('[WEB-MARKS] marks from the room pages [NAMES-MARKS]', () => {
  test('a page with marks marks every member at once; only the away ones are asked about, for their reason', () => {
    const h = harness();
    h.frame(page(['ann', 'bob', 'cy', 'dan'], { away: ['bob', 'dan'], opers: ['cy', 'dan'] }));
    expect(Object.fromEntries(h.marks.marks)).toEqual({
      ann: { away: false, oper: false }, bob: { away: true, oper: false }, cy: { away: false, oper: true }, dan: { away: true, oper: true },
    });
    expect(h.asked).toEqual(['bob']);
    // The answer is the page's own: not shown, and it tells the reason; the next question follows the pause.
    expect(h.answer('bob', 'lunch')).toBe(true);
    expect(h.marks.marks.get('bob')).toEqual({ away: true, reason: 'lunch', oper: false });
    h.drain();
    expect(h.asked).toEqual(['bob', 'dan']);
    h.answer('dan', 'gone fishing', true);
    h.drain();
    expect(h.asked).toEqual(['bob', 'dan']);
  });

  test('once a page carried marks, a page without them means nobody is away or an operator: no question', () => {
    const h = harness();
    h.frame(page(['ann'], { opers: ['ann'] }));
    h.frame(page(['bob', 'cy'], { after: '1' }));
    h.drain();
    expect(h.asked).toEqual([]);
    expect(h.marks.marks.get('cy')).toEqual({ away: false, oper: false });
  });

  test('an away frame that tells the reason first saves the question; a member back is not asked about', () => {
    const h = harness();
    h.frame(page(['ann', 'bob', 'cy'], { away: ['ann', 'bob', 'cy'] }));
    expect(h.asked).toEqual(['ann']);
    h.frame({ type: 'away', ts: 1, room: '#big', nick: 'bob', away: 'tea' });
    h.frame({ type: 'away', ts: 1, room: '#big', nick: 'cy', away: null });
    h.answer('ann', 'out');
    h.drain();
    expect(h.asked).toEqual(['ann']);
    expect(h.marks.marks.get('bob')).toEqual({ away: true, reason: 'tea', oper: false });
    expect(h.marks.marks.get('cy')).toEqual({ away: false, oper: false });
  });
});

describe('[WEB-MARKS] a server that sends no marks (older than [NAMES-MARKS])', () => {
  test('pages without marks, before any page carried some: every member is asked about, paced, as before', () => {
    const h = harness();
    h.frame(page(['ann', 'bob', 'cy']));
    expect(h.asked).toEqual(['ann']);
    h.answer('ann', 'out', true);
    h.drain();
    h.answer('bob');
    h.answer('cy');
    expect(h.asked).toEqual(['ann', 'bob', 'cy']);
    expect(h.marks.marks.get('ann')).toEqual({ away: true, reason: 'out', oper: true });
  });

  test('the first page with marks ends the doubt: the earlier pages\' members still waiting are not asked about', () => {
    const h = harness();
    h.frame(page(['ann', 'bob', 'cy']));
    h.frame(page(['dan', 'eve'], { after: '1', away: ['eve'] }));
    h.answer('ann');
    h.drain();
    expect(h.asked).toEqual(['ann', 'eve']);
    expect(h.marks.marks.get('bob')).toEqual({ away: false, oper: false });
  });

  test('a new connection shows again whether its server sends marks', () => {
    const h = harness();
    h.frame(page(['ann'], { opers: ['ann'] }));
    h.frame(welcome);
    h.frame(page(['bob', 'cy']));
    h.answer('bob');
    h.drain();
    h.answer('cy');
    expect(h.asked).toEqual(['bob', 'cy']);
  });
});

describe('[WEB-MARKS] joiners and leaves', () => {
  test('a joiner nothing told about is asked about; one a page listed is not; one who parted since is again', () => {
    const h = harness();
    h.frame(page(['ann', 'bob'], { opers: ['bob'] }));
    h.frame({ type: 'joined', ts: 1, room: '#dev', nick: 'bob' });
    h.frame({ type: 'joined', ts: 1, room: '#big', nick: 'new' });
    expect(h.asked).toEqual(['new']);
    h.answer('new', null, true);
    h.frame({ type: 'presence', ts: 2, room: '#big', joined: [], left: [{ nick: 'ann', reason: 'part' }] });
    h.frame({ type: 'presence', ts: 3, room: '#big', joined: ['ann', 'new'], left: [] });
    h.drain();
    expect(h.asked).toEqual(['new', 'ann']);
    expect(h.marks.marks.get('new')).toEqual({ away: false, oper: true });
  });

  test('a member who quits loses the mark; the user\'s own /away is asked about whatever is known', () => {
    const h = harness();
    h.frame(page(['me', 'bob'], { away: ['bob'] }));
    h.answer('bob', 'lunch');
    h.frame({ type: 'left', ts: 2, room: '#big', nick: 'bob', reason: 'quit' });
    expect(h.marks.marks.has('bob')).toBe(false);
    h.marks.want('me');
    h.drain();
    expect(h.asked).toEqual(['bob', 'me']);
  });
});

describe('[WEB-MARKS] property: a page with marks', () => {
  const nick = fc.stringMatching(/^[a-z]{1,6}$/);
  propTest.prop([fc.uniqueArray(nick, { minLength: 1, maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 })])(
    'marks every member as the page says, and asks about exactly its away members, each once, in order',
    (members, isAway, isOper) => {
      const h = harness();
      const away = members.filter((_, i) => isAway[i]);
      const opers = members.filter((_, i) => isOper[i]);
      h.frame(page(members, { away, opers: opers.length > 0 ? opers : undefined }));
      for (let i = 0; i < members.length; i++) {
        h.drain();
        const last = h.asked.at(-1);
        if (last !== undefined && h.marks.marks.get(last)?.reason === undefined) h.answer(last, `r-${last}`, opers.includes(last));
      }
      expect(h.asked).toEqual(away);
      for (const [i, m] of members.entries()) {
        expect(h.marks.marks.get(m)).toEqual({ away: isAway[i], ...(isAway[i] ? { reason: `r-${m}` } : {}), oper: isOper[i] });
      }
    },
  );
});
