import { describe, expect, test } from 'vitest';
import { whoLines } from '../../src/irc/irc-burst.js';
import { initialIrcSession, type IrcContext, type IrcSession } from '../../src/irc/irc-session.js';
import type { RoomFrame } from '../../src/protocol.js';
import { createIrcRoom } from '../helpers/irc-room.js';

const alice: IrcSession = { ...initialIrcSession, phase: 'welcomed', nick: 'alice' };
const who: IrcContext = { command: 'WHO', target: '#dev', answer: 'room' };
const page: RoomFrame = {
  type: 'room', room: '#dev', topic: null, topicLocked: false, members: ['ann', 'bob', 'cy', 'dan'], count: 4,
  away: ['bob', 'dan'], opers: ['cy', 'dan'],
};

describe('[IRC-WHO] [NAMES-MARKS] WHO #c tells who is away (G) and who is an operator (*)', () => {
  test('352 flags: H here, G away, * after an operator\'s; 315 after the last page', () => {
    expect(whoLines(alice, page, who).split('\r\n')).toEqual([
      ':rxchat 352 alice #dev ann rxchat rxchat ann H :0 ann',
      ':rxchat 352 alice #dev bob rxchat rxchat bob G :0 bob',
      ':rxchat 352 alice #dev cy rxchat rxchat cy H* :0 cy',
      ':rxchat 352 alice #dev dan rxchat rxchat dan G* :0 dan',
      ':rxchat 315 alice #dev :End of /WHO list',
      '',
    ]);
  });

  test('[IRC-WHOX] the f field of 354 says the same; a page with a next has no 315', () => {
    const whox = { ...who, whox: { fields: 'nf', token: '7' } };
    expect(whoLines(alice, { ...page, next: '9' }, whox).split('\r\n')).toEqual([
      ':rxchat 354 alice ann :H', ':rxchat 354 alice bob :G', ':rxchat 354 alice cy :H*', ':rxchat 354 alice dan :G*', '',
    ]);
  });

  test('a page that marks nobody (no away, no opers) is H for all', () => {
    const { away: _a, opers: _o, ...plain } = page;
    const lines = whoLines(alice, plain, who).split('\r\n').filter((l) => / 352 /.test(l));
    expect(lines.map((l) => l.split(' ')[8])).toEqual(['H', 'H', 'H', 'H']);
  });
});

describe('[IRC-WHO] through the room: away state set before the asker came, and changes after', () => {
  test('a native member away before alice connected is G; an IRC member\'s AWAY is G; an operator is H*; back is H', () => {
    const room = createIrcRoom({ operSecret: 'opensesame' });
    const bob = room.native('bob');
    bob.send({ type: 'away', reason: 'lunch' });
    const carol = room.ircUser('carol');
    carol.send('OPER carol opensesame', 'AWAY :\x02gone\x02');
    const dave = room.ircUser('dave');
    const me = room.ircUser('alice');
    me.send('WHO #lobby', 'WHO #lobby %cnf', 'WHO carol', 'PING :sync');
    const lines = me.read();
    // 352: nick is word 7, flags word 8; 354 %cnf: nick word 4, then `:flags`.
    const plain = Object.fromEntries(lines.filter((l) => / 352 alice #lobby /.test(l)).map((l) => [l.split(' ')[7], l.split(' ')[8]]));
    const whox = Object.fromEntries(lines.filter((l) => / 354 alice #lobby /.test(l)).map((l) => [l.split(' ')[4], l.split(' ')[5]]));
    expect(plain).toEqual({ bob: 'G', carol: 'G*', dave: 'H', alice: 'H' });
    expect(whox).toEqual({ bob: ':G', carol: ':G*', dave: ':H', alice: ':H' });
    // WHO nick tells the operator's * too, as WHOX did already.
    expect(lines).toContain(':rxchat 352 alice #lobby carol rxchat rxchat carol G* :0 carol');
    expect(lines.slice(-1)).toEqual([':rxchat PONG rxchat :sync']);

    bob.send({ type: 'away' });
    carol.send('AWAY');
    dave.send('AWAY :brb');
    me.send('WHO #lobby');
    const again = me.read().filter((l) => / 352 /.test(l)).map((l) => `${l.split(' ')[4]} ${l.split(' ')[8]}`);
    expect(again.sort()).toEqual(['alice H', 'bob H', 'carol H*', 'dave G']);
  });

  test('[NAMES-ALL] in a room of 520 (two pages), exactly the away members are G, on either page', () => {
    const room = createIrcRoom({ floodRate: 0 });
    const away = new Set<string>();
    for (let i = 0; i < 520; i++) {
      const member = room.native(`mem${i}`);
      member.send({ type: 'join', room: '#big' });
      if (i % 7 === 3) { member.send({ type: 'away', reason: 'zzz' }); away.add(`mem${i}`); }
    }
    const me = room.ircUser('alice');
    me.send('JOIN #big');
    me.read();
    me.send('WHO #big', 'PING :sync');
    const lines = me.read().filter((l) => / 352 /.test(l));
    expect(lines).toHaveLength(521);
    const gone = lines.filter((l) => l.split(' ')[8] === 'G').map((l) => l.split(' ')[4]!);
    expect(new Set(gone)).toEqual(away);
    expect(gone).toHaveLength(away.size);
  });
});
