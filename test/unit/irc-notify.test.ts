import { describe, expect, test } from 'vitest';
import { createIrcRoom } from '../helpers/irc-room.js';

describe('[IRC-AWAY-NOTIFY] away changes of others, for readers who asked for away-notify', () => {
  test('a native member going away and coming back: one AWAY line each, even across two shared rooms; none without the cap', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    const alice = room.ircUser('alice', ['away-notify']);
    const carol = room.ircUser('carol');
    const dave = room.native('dave');
    bob.send({ type: 'join', room: '#dev' });
    alice.send('JOIN #dev');
    alice.read();
    carol.read();
    dave.read();
    bob.send({ type: 'away', reason: 'lunch' });
    expect(alice.read()).toEqual([':bob!bob@rxchat AWAY :lunch']);
    expect(carol.read()).toEqual([]);
    expect(dave.read()).toEqual([{ type: 'away', ts: expect.any(Number), room: '#lobby', nick: 'bob', away: 'lunch' }]);
    // The same again changes nothing and tells nobody.
    bob.send({ type: 'away', reason: 'lunch' });
    expect(alice.read()).toEqual([]);
    bob.send({ type: 'away' });
    expect(alice.read()).toEqual([':bob!bob@rxchat AWAY']);
    expect(bob.read().filter((f) => f.type === 'away')).toEqual([]);
  });

  test('an IRC user\'s AWAY: 306 to them, an AWAY line (with server-time) to away-notify readers, a frame to native members', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    const alice = room.ircUser('alice', ['away-notify', 'server-time']);
    const carol = room.ircUser('carol', ['away-notify']);
    alice.read();
    bob.read();
    carol.send('AWAY :\x02gone\x02 fishing', 'AWAY');
    expect(carol.read()).toEqual([':rxchat 306 carol :You have been marked as being away', ':rxchat 305 carol :You are no longer marked as being away']);
    expect(alice.read()).toEqual([
      expect.stringMatching(/^@time=\S+Z :carol!carol@rxchat AWAY :\x02gone\x02 fishing$/),
      expect.stringMatching(/^@time=\S+Z :carol!carol@rxchat AWAY$/),
    ]);
    expect(bob.read().map((f) => f.type === 'away' && f.away)).toEqual(['\uFDD2gone\uFDD2 fishing', null]);
  });
});
