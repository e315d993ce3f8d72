import { describe, expect, test } from 'vitest';
import { renderPresence } from '../../src/irc/irc-render.js';
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

describe('[IRC-KICK] a kick is a KICK from each channel, by the operator who did it', () => {
  test('a native member kicked by an IRC operator: KICK in every shared channel for IRC readers, left with by for native ones', () => {
    const room = createIrcRoom({ operSecret: 'opensesame' });
    const op = room.ircUser('opal');
    const alice = room.ircUser('alice', ['server-time']);
    const bob = room.native('bob');
    const dave = room.native('dave');
    bob.send({ type: 'join', room: '#dev' });
    alice.send('JOIN #dev');
    op.send('OPER opal opensesame');
    op.read();
    alice.read();
    dave.read();
    op.send('KICK #lobby bob :spam', 'PING :sync');
    expect(op.read()).toEqual([':opal!opal@rxchat KICK #lobby bob :spam', ':rxchat PONG rxchat :sync']);
    expect(alice.read()).toEqual([
      expect.stringMatching(/^@time=\S+ :opal!opal@rxchat KICK #lobby bob :spam$/),
      expect.stringMatching(/^@time=\S+ :opal!opal@rxchat KICK #dev bob :spam$/),
    ]);
    expect(dave.read()).toEqual([expect.objectContaining({ type: 'left', room: '#lobby', nick: 'bob', reason: 'kicked', by: 'opal', text: 'kicked by opal: spam' })]);
    expect(bob.closed).toBe(true);
  });

  test('a kick without words reads "Kicked"; a ban (MODE +b) is a KICK that says "Banned"; KILL is a KICK too', () => {
    const room = createIrcRoom({ operSecret: 'opensesame' });
    const op = room.ircUser('opal');
    const alice = room.ircUser('alice');
    room.native('bob');
    room.native('carol');
    op.send('OPER opal opensesame');
    op.read();
    alice.read();
    op.send('KICK #lobby bob', 'MODE #lobby +b carol');
    expect(alice.read()).toEqual([':opal!opal@rxchat KICK #lobby bob :Kicked', ':opal!opal@rxchat KICK #lobby carol :Banned']);
    room.native('eve');
    op.read();
    alice.read();
    op.send('KILL eve :enough');
    expect(alice.read()).toEqual([':opal!opal@rxchat KICK #lobby eve :enough']);
  });

  test('a kick coalesced with other leaves in a presence window still reads as KICK', () => {
    const lines = renderPresence({
      type: 'presence', ts: 5, room: '#a', joined: ['ann'], count: 3,
      left: [{ nick: 'bob', reason: 'kicked', text: 'kicked by opal: spam', by: 'opal' }, { nick: 'cy1', reason: 'quit' }],
    }, { time: false, msgid: false });
    expect(lines.split('\r\n')).toEqual([':opal!opal@rxchat KICK #a bob :spam', ':cy1!cy1@rxchat QUIT :Quit', ':ann!ann@rxchat JOIN :#a', '']);
  });
});

describe('[LINE-TOKEN] one IRC command costs one flood token, whatever it decodes to', () => {
  const tokens = (room: ReturnType<typeof createIrcRoom>, id: number) => room.state.conns.get(id)!.bucket.tokens;

  test('JOIN of five channels, HISTORY (a frame and its marker ping), MODE +tq (four frames): one token each', () => {
    const room = createIrcRoom({ floodBurst: 10, floodRate: 0.0001, operSecret: 'opensesame' });
    room.native('bob');
    const alice = room.ircUser('alice');
    const start = tokens(room, alice.id);
    alice.send('JOIN #a,#b,#c,#d,#e');
    expect(tokens(room, alice.id)).toBeCloseTo(start - 1, 2);
    alice.send('HISTORY #lobby 1');
    expect(tokens(room, alice.id)).toBeCloseTo(start - 2, 2);
    alice.send('OPER alice opensesame', 'MODE #a +tq bob');
    expect(tokens(room, alice.id)).toBeCloseTo(start - 4, 2);
    expect(alice.read().filter((l) => / 263 /.test(l))).toEqual([]);
    expect([...alice.session.channels.keys()]).toEqual(['#lobby', '#a', '#b', '#c', '#d', '#e']);
  });

  test('a refused line refuses the rest of its frames (263 each), with one strike for the line', () => {
    const room = createIrcRoom({ floodBurst: 2, floodRate: 0.0001, floodStrikes: 5 });
    const alice = room.irc();
    alice.send('NICK alice', 'USER alice 0 * :alice');
    alice.read();
    alice.send('JOIN #a,#b,#c', 'PING :sync');
    const lines = alice.read();
    expect(lines.filter((l) => / 263 alice JOIN /.test(l))).toHaveLength(3);
    expect(lines.filter((l) => / JOIN :#/.test(l))).toEqual([]);
    expect(room.state.conns.get(alice.id)!.bucket.strikes).toBe(2);
    expect(alice.session.awaiting).toEqual([]);
  });
});

describe('[NAMES-ALL] an IRC join lists every member before 366', () => {
  /** `n` native members in #big (and the lobby), named mem0, mem1, ... */
  function crowd(n: number) {
    const room = createIrcRoom({ floodRate: 0 });
    for (let i = 0; i < n; i++) room.native(`mem${i}`).send({ type: 'join', room: '#big' });
    return room;
  }
  const namesOf = (lines: readonly string[], verb: string) =>
    lines.filter((l) => l.includes(` ${verb} `)).flatMap((l) => l.slice(l.indexOf(' :') + 2).split(' '));

  test('120 members: JOIN, NAMES and WHO give all of them, then 366 or 315, before a later PING\'s PONG', () => {
    const room = crowd(120);
    const bob = room.native('bob');
    bob.send({ type: 'join', room: '#big' });
    bob.send({ type: 'say', room: '#big', text: 'earlier' });
    const alice = room.ircUser('alice');
    alice.send('JOIN #big', 'NAMES #big', 'WHO #big', 'PING :sync');
    const lines = alice.read();
    const everyone = [...Array.from({ length: 120 }, (_, i) => `mem${i}`), 'bob', 'alice'].sort();
    const joinEnd = lines.findIndex((l) => / 366 alice #big /.test(l));
    expect(namesOf(lines.slice(0, joinEnd), '353').sort()).toEqual(everyone);
    expect(lines[joinEnd + 1]).toBe(':bob!bob@rxchat PRIVMSG #big :earlier');
    const namesEnd = lines.findIndex((l, i) => i > joinEnd && / 366 alice #big /.test(l));
    expect(namesOf(lines.slice(joinEnd + 2, namesEnd), '353').sort()).toEqual(everyone);
    const who = lines.slice(namesEnd + 1);
    expect(who.filter((l) => / 352 /.test(l)).map((l) => l.split(' ')[4]).sort()).toEqual(everyone);
    expect(who.slice(-2)).toEqual([':rxchat 315 alice #big :End of /WHO list', ':rxchat PONG rxchat :sync']);
    expect(alice.session.awaiting).toEqual([]);
  });

  test('1,100 members come in pages of 500: every 353 before the one 366; the automatic join of #lobby too', () => {
    const room = crowd(1100);
    const alice = room.irc();
    alice.send('NICK alice', 'USER alice 0 * :alice', 'JOIN #big', 'PING :sync');
    const lines = alice.read();
    const lobbyEnd = lines.findIndex((l) => / 366 alice #lobby /.test(l));
    expect(namesOf(lines.slice(0, lobbyEnd), '353')).toHaveLength(1101);
    const rest = lines.slice(lobbyEnd + 1);
    expect(rest[0]).toBe(':alice!alice@rxchat JOIN :#big');
    expect(namesOf(rest, '353')).toHaveLength(1101);
    expect(rest.slice(-2)).toEqual([':rxchat 366 alice #big :End of /NAMES list', ':rxchat PONG rxchat :sync']);
    expect(lines.filter((l) => / 366 /.test(l))).toHaveLength(2);
  });
});

describe('[IRC-LOOKUP] [IRC-WHOX] USERHOST, ISON and WHOX, as irssi and WeeChat use them', () => {
  test('USERHOST: one 302 line, away as -, operators with *, nobody left out; 461 without a nick', () => {
    const room = createIrcRoom({ operSecret: 'opensesame' });
    const bob = room.native('bob');
    bob.send({ type: 'away', reason: 'lunch' });
    const alice = room.ircUser('alice');
    alice.send('OPER alice opensesame');
    alice.read();
    alice.send('USERHOST alice nobody bob', 'USERHOST', 'PING :sync');
    expect(alice.read()).toEqual([
      ':rxchat 302 alice :alice*=+alice@rxchat bob=-bob@rxchat',
      ':rxchat 461 alice USERHOST :Not enough parameters',
      ':rxchat PONG rxchat :sync',
    ]);
  });

  test('ISON: the present nicks of the list, as the server spells them; an empty 303 when none is', () => {
    const room = createIrcRoom();
    room.native('Bob');
    const alice = room.ircUser('alice');
    alice.send('ISON :bob nobody ALICE', 'ISON ghost', 'PING :sync');
    expect(alice.read()).toEqual([':rxchat 303 alice :Bob alice', ':rxchat 303 alice :', ':rxchat PONG rxchat :sync']);
    expect(alice.session.awaiting).toEqual([]);
  });

  test('WHOX: 005 says WHOX; WHO #c %tcuhnfar,745 is a 354 per member with the token (G for away bob), then 315; WHO nick %nf too', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    bob.send({ type: 'away', reason: 'lunch' });
    const alice = room.irc();
    alice.send('NICK alice', 'USER alice 0 * :alice');
    expect(alice.read().find((l) => / 005 /.test(l))).toMatch(/ WHOX /);
    alice.send('WHO #lobby %tcuhnfar,745', 'WHO bob %nf', 'WHO #lobby %zz', 'PING :sync');
    expect(alice.read()).toEqual([
      ':rxchat 354 alice 745 #lobby bob rxchat bob G 0 :bob',
      ':rxchat 354 alice 745 #lobby alice rxchat alice H 0 :alice',
      ':rxchat 315 alice #lobby :End of /WHO list',
      ':rxchat 354 alice bob :G',
      ':rxchat 315 alice bob :End of /WHO list',
      ':rxchat 352 alice #lobby bob rxchat rxchat bob G :0 bob',
      ':rxchat 352 alice #lobby alice rxchat rxchat alice H :0 alice',
      ':rxchat 315 alice #lobby :End of /WHO list',
      ':rxchat PONG rxchat :sync',
    ]);
  });
});

describe('[IRC-ORDER] found by the order property', () => {
  test('NICK to one\'s own nick is nothing (the room answers nothing), so a later WHO still reads as WHO', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send('NICK alice', 'WHO #lobby', 'PING :sync');
    expect(alice.read()).toEqual([
      ':rxchat 352 alice #lobby alice rxchat rxchat alice H :0 alice',
      ':rxchat 315 alice #lobby :End of /WHO list',
      ':rxchat PONG rxchat :sync',
    ]);
    expect(alice.session.awaiting).toEqual([]);
  });
});
