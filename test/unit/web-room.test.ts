import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import type { ClientEvent, UnstampedEvent } from '../../src/client/client-event.js';
import { reduceClient } from '../../src/client/client-reducer.js';
import { initialClientState, type ClientState } from '../../src/client/client-state.js';
import type { ServerFrame } from '../../src/protocol.js';
import { createRoomReturn, roomAfterResume, savedRoom } from '../../web/resume-room.js';
import { showRoom } from '../../web/view.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** [WEB-ROOM] After a resume the page comes back to the room it showed, if the session is still in it. */
const welcome = (resumed: boolean): ServerFrame => ({ type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: [], maxFrameBytes: 16384, maxTextLength: 4000, resume: 'secret', ...(resumed ? { resumed } : {}) });
const roomFrame = (room: string): ServerFrame => ({ type: 'room', room, topic: null, topicLocked: false, members: ['alice'], count: 1 });
const fresh = (): ClientState => ({ ...initialClientState({ server: 'x', bell: false, maxScrollback: 500 }, 'alice'), resume: 'secret' });

/** The page's fold (web/main.ts): the return notes each frame, the reducer steps, then the room is settled. */
function resumeThrough(saved: string | undefined, frames: readonly ServerFrame[], start = fresh(), back = createRoomReturn(saved)): ClientState {
  return frames.reduce((state, frame, i) => {
    back.onFrame(frame, state.room);
    const event: UnstampedEvent = { type: 'conn/frame-received', frame };
    const next = reduceClient(deepFreeze(state), { ...event, at: 1_000 + i } as ClientEvent).state;
    return showRoom(next, back.settle(next.rooms, next.room));
  }, start);
}

describe('[WEB-ROOM] which room to show after a resume', () => {
  const name = fc.constantFrom('#lobby', '#dev', '#ops', '#zoo');
  propTest.prop([fc.option(name, { nil: undefined }), fc.uniqueArray(name), name])(
    'the remembered room while the session is in it, else where the reducer put the page',
    (remembered, inRooms, current) => {
      const rooms = new Map(inRooms.map((r) => [r, {}] as const));
      const shown = roomAfterResume(remembered, rooms, current);
      expect(shown).toBe(remembered !== undefined && inRooms.includes(remembered) ? remembered : current);
    },
  );

  test('a reload showing #dev: the re-sent rooms end on #ops, the page comes back to #dev', () => {
    const frames = [welcome(true), roomFrame('#lobby'), roomFrame('#dev'), roomFrame('#ops')];
    // Without it, the reducer alone lands on the last room the server re-sent.
    expect(resumeThrough(undefined, frames).room).toBe('#ops');
    const state = resumeThrough('#dev', frames);
    expect(state.room).toBe('#dev');
    expect([...state.rooms.keys()]).toEqual(['#lobby', '#dev', '#ops']);
  });

  test('a room parted or kicked from meanwhile is not re-sent: the current behaviour stands', () => {
    expect(resumeThrough('#dev', [welcome(true), roomFrame('#lobby'), roomFrame('#ops')]).room).toBe('#ops');
  });

  test('a welcome that did not resume is a new session: the old room is not forced', () => {
    expect(resumeThrough('#dev', [welcome(false), roomFrame('#lobby'), roomFrame('#dev'), roomFrame('#ops')]).room).toBe('#ops');
  });

  test('after a drop, the room shown when the welcome comes stays shown, whichever order the rooms come again', () => {
    const back = createRoomReturn(undefined);
    const rooms = ['#lobby', '#dev', '#ops'].map(roomFrame);
    const chosen = showRoom(resumeThrough(undefined, [welcome(false), ...rooms], fresh(), back), '#dev');
    back.release(); // the user chose #dev in the sidebar
    expect(resumeThrough(undefined, [welcome(true), ...rooms.reverse()], chosen, back).room).toBe('#dev');
  });

  test('the user\'s own choice stands once made; what is kept with the session follows it', () => {
    const back = createRoomReturn('#dev');
    expect(back.remembered('#lobby')).toBe('#dev'); // not yet resumed: the saved room is kept
    back.onFrame(welcome(true), '#lobby');
    expect(back.settle(new Map([['#dev', {}]]), '#ops')).toBe('#dev');
    back.release();
    expect(back.settle(new Map([['#dev', {}]]), '#ops')).toBe('#ops');
    expect(back.remembered('#ops')).toBe('#ops');
  });
});

describe('[WEB-SESSION] [WEB-ROOM] the room kept with the session', () => {
  test('a room name is kept; none (a session of an older page) or anything else is not', () => {
    expect(savedRoom('#dev')).toBe('#dev');
    expect(savedRoom('#Dev_2')).toBe('#Dev_2');
    for (const value of [undefined, null, 7, '', 'dev', '#', '#a b', '<img src=x>', `#${'a'.repeat(21)}`, { room: '#dev' }]) expect(savedRoom(value)).toBeUndefined();
  });
});
