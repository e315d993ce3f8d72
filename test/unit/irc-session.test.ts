import { describe, expect, test } from 'vitest';
import { encodeIrcFrame } from '../../src/irc/irc-encode.js';
import { stripFormatting } from '../../src/irc/irc-format.js';
import { deliverShared, shareIrcFrame } from '../../src/irc/irc-shared.js';
import { initialIrcSession } from '../../src/irc/irc-session.js';
import { createIrcRoom } from '../helpers/irc-room.js';

const verbs = (lines: readonly string[]) => lines.map((l) => l.replace(/^@\S+ /, '').replace(/^:\S+ /, '').split(' ')[0]);

describe('[IRC-JOIN] channels', () => {
  test('JOIN #a,#b is two joins, each a JOIN echo and 353/366, answered before a later PING ([IRC-ORDER])', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    alice.send('JOIN #a,#b', 'PING :sync');
    expect(verbs(alice.read())).toEqual(['JOIN', '353', '366', 'JOIN', '353', '366', 'PONG']);
    expect([...alice.session.channels.keys()]).toEqual(['#lobby', '#a', '#b']);
  });

  test('others see JOIN; a native joiner too; the joiner gets 332 when there is a topic', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const bob = room.native('bob');
    alice.read();
    expect(verbs(alice.read())).toEqual([]);
    bob.send({ type: 'join', room: '#dev' });
    bob.send({ type: 'topic', room: '#dev', text: 'all things dev' });
    alice.send('JOIN #dev');
    expect(alice.read()).toEqual([
      ':alice!alice@rxchat JOIN :#dev',
      ':rxchat 332 alice #dev :all things dev',
      ':rxchat 353 alice = #dev :alice bob',
      ':rxchat 366 alice #dev :End of /NAMES list',
    ]);
    const carol = room.ircUser('carol');
    carol.send('JOIN #dev');
    expect(alice.read()).toEqual([':carol!carol@rxchat JOIN :#lobby', ':carol!carol@rxchat JOIN :#dev']);
  });

  test('the joiner of a room with history gets it as PRIVMSG with its own time (server-time)', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    bob.send({ type: 'say', text: 'earlier' });
    const alice = room.irc();
    alice.send('CAP LS 302', 'CAP REQ server-time', 'NICK alice', 'USER a 0 * :A', 'CAP END');
    const lines = alice.read();
    const replay = lines.find((l) => l.includes(' PRIVMSG #lobby'));
    expect(replay).toMatch(/^@time=2026-11-30T21:00:0\d\.000Z :bob!bob@rxchat PRIVMSG #lobby :earlier$/);
  });

  test('PART: the leaver reads its own PART, the others too; 442 for a channel one is not in; JOIN 0 parts all', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const carol = room.ircUser('carol');
    alice.send('JOIN #x');
    carol.send('JOIN #x');
    alice.read();
    carol.read();
    carol.send('PART #x :gone fishing', 'PART #nowhere');
    expect(carol.read()).toEqual([':carol!carol@rxchat PART #x :gone fishing', ":rxchat 442 carol #nowhere :You're not on that channel"]);
    expect(alice.read()).toEqual([':carol!carol@rxchat PART #x :gone fishing']);
    alice.send('JOIN 0');
    expect(alice.read()).toEqual([':alice!alice@rxchat PART :#lobby', ':alice!alice@rxchat PART :#x']);
    expect(alice.session.channels.size).toBe(0);
  });

  test('403 for a name rxchat refuses; 461 for JOIN without a channel', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send('JOIN #bad!name', 'JOIN');
    expect(alice.read()).toEqual([
      ':rxchat 403 alice #bad!name :No such channel (room names are "#" and 1 to 20 letters, digits, "_" or "-")',
      ':rxchat 461 alice JOIN :Not enough parameters',
    ]);
  });

  test('[IRC-TOPIC] TOPIC sets for everyone (TOPIC line), asks with 332/333, 331 when none', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const bob = room.native('bob');
    alice.read();
    alice.send('TOPIC #lobby', 'TOPIC #lobby :welcome all');
    expect(alice.read()).toEqual([':rxchat 331 alice #lobby :No topic is set', ':alice!alice@rxchat TOPIC #lobby :welcome all']);
    expect(bob.read()).toContainEqual(expect.objectContaining({ type: 'topic', topic: 'welcome all', by: 'alice' }));
    alice.send('TOPIC #lobby');
    const [t332, t333] = alice.read();
    expect(t332).toBe(':rxchat 332 alice #lobby :welcome all');
    expect(t333).toMatch(/^:rxchat 333 alice #lobby alice!alice@rxchat :\d+$/);
  });
});

describe('[IRC-WHO] [IRC-MODE] [IRC-LIST] what irssi and WeeChat ask after 366', () => {
  test('MODE #c is 324 and 329 (created when its first member came), MODE #c b is 368, WHO #c is 352 for every member (the asker too) and 315, in command order', () => {
    const room = createIrcRoom();
    room.native('bob');
    const alice = room.ircUser('alice');
    const created = room.state.rooms.get('#lobby')!.createdAt!;
    expect(created).toBeGreaterThan(0);
    alice.send('MODE #lobby', 'MODE #lobby b', 'WHO #lobby', 'PING x');
    expect(alice.read()).toEqual([
      ':rxchat 324 alice #lobby :+n',
      `:rxchat 329 alice #lobby :${Math.floor(created / 1000)}`,
      ':rxchat 368 alice #lobby :End of channel ban list',
      ':rxchat 352 alice #lobby bob rxchat rxchat bob H :0 bob',
      ':rxchat 352 alice #lobby alice rxchat rxchat alice H :0 alice',
      ':rxchat 315 alice #lobby :End of /WHO list',
      ':rxchat PONG rxchat :x',
    ]);
  });

  test('MODE on oneself is 221; on others 502; unknown letters 472; +o 482', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send('MODE alice', 'MODE alice +i', 'MODE bob', 'MODE #lobby +z', 'MODE #lobby +o bob');
    expect(verbs(alice.read())).toEqual(['221', '502', '472', '482']);
  });

  test('LIST is 321, 322 per room with members and topic, 323', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    alice.send('JOIN #dev', 'TOPIC #dev :code');
    alice.read();
    alice.send('LIST');
    expect(alice.read()).toEqual([
      ':rxchat 321 alice Channel :Users  Name',
      ':rxchat 322 alice #dev 1 :code',
      ':rxchat 322 alice #lobby 1 :',
      ':rxchat 323 alice :End of /LIST',
    ]);
  });

  test('WHOIS is 311, 319, 312, 301 when away, 317, 318; 401 for nobody', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    bob.send({ type: 'away', reason: 'lunch' });
    const alice = room.ircUser('alice');
    alice.send('WHOIS bob', 'WHOIS nobody');
    const lines = alice.read();
    expect(verbs(lines)).toEqual(['311', '319', '312', '301', '317', '318', '401']);
    expect(lines[3]).toBe(':rxchat 301 alice bob :lunch');
    expect(lines[6]).toMatch(/^:rxchat 401 alice nobody :No such nick\/channel/);
  });

  test('AWAY is 306 then 305', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send('AWAY :out', 'AWAY');
    expect(verbs(alice.read())).toEqual(['306', '305']);
  });
});

describe('[IRC-MSG] messages both ways', () => {
  test('IRC to native and IRC; native to IRC; /me both ways as CTCP ACTION and kind action', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const carol = room.ircUser('carol');
    const bob = room.native('bob');
    alice.read();
    bob.read();
    alice.send('PRIVMSG #lobby :hello all', 'PRIVMSG #lobby :\x01ACTION waves\x01');
    expect(carol.read().slice(-2)).toEqual([':alice!alice@rxchat PRIVMSG #lobby :hello all', ':alice!alice@rxchat PRIVMSG #lobby :\x01ACTION waves\x01']);
    expect(bob.read()).toEqual([
      expect.objectContaining({ type: 'message', from: 'alice', text: 'hello all', room: '#lobby' }),
      expect.objectContaining({ type: 'message', from: 'alice', text: 'waves', kind: 'action' }),
    ]);
    bob.send({ type: 'say', text: 'hi there', kind: 'action' });
    bob.send({ type: 'msg', to: 'alice', text: 'psst' });
    expect(alice.read()).toEqual([':bob!bob@rxchat PRIVMSG #lobby :\x01ACTION hi there\x01', ':bob!bob@rxchat PRIVMSG alice :psst']);
    alice.send('PRIVMSG bob :back at you');
    expect(bob.read().filter((f) => f.type !== 'ack')).toEqual([expect.objectContaining({ type: 'private', from: 'alice', to: 'bob', text: 'back at you' })]);
  });

  test('[IRC-ECHO] with echo-message the sender reads its own message back, with server-time and msgid', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice', ['echo-message', 'server-time', 'message-tags']);
    alice.send('PRIVMSG #lobby :mine');
    const [line] = alice.read();
    expect(line).toMatch(/^@time=[\d-]+T[\d:.]+Z;msgid=\d+ :alice!alice@rxchat PRIVMSG #lobby :mine$/);
    const plain = room.ircUser('plain');
    plain.send('PRIVMSG #lobby :no echo');
    expect(plain.read()).toEqual([]);
  });

  test('[IRC-FORMAT] colours reach IRC readers unchanged and native readers carried (stripped at their edge), never as raw controls', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const carol = room.ircUser('carol');
    const bob = room.native('bob');
    bob.read();
    alice.send('PRIVMSG #lobby :\x02bold\x02 \x0304red\x03 \x1b[2J');
    expect(carol.read().slice(-1)).toEqual([':alice!alice@rxchat PRIVMSG #lobby :\x02bold\x02 \x0304red\x03 \uFFFD[2J']);
    const [frame] = bob.read();
    const text = (frame as { text: string }).text;
    expect(text).not.toMatch(/[\x00-\x1f]/);
    expect(stripFormatting(text)).toBe('bold red \uFFFD[2J');
  });

  test('401 for an unknown nick, 404 for a channel one is not in, 412 for no text, 411 for no target; NOTICE never draws one', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send('PRIVMSG nobody :hi', 'PRIVMSG #elsewhere :hi', 'PRIVMSG #lobby', 'PRIVMSG', 'NOTICE nobody :hi', 'NOTICE #elsewhere :hi', 'NOTICE');
    expect(verbs(alice.read())).toEqual(['401', '404', '412', '411']);
  });

  test('[IRC-CTCP] VERSION to a nick is answered by the server; CTCP to a channel and other CTCP are dropped', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    const alice = room.ircUser('alice');
    bob.read();
    alice.send('PRIVMSG bob :\x01VERSION\x01', 'PRIVMSG #lobby :\x01VERSION\x01', 'PRIVMSG bob :\x01DCC SEND x\x01', 'PRIVMSG bob :\x01PING 123\x01');
    expect(alice.read()).toEqual([':rxchat NOTICE alice :\x01VERSION rxchat IRC gateway\x01', ':rxchat NOTICE alice :\x01PING 123\x01']);
    expect(bob.read()).toEqual([]);
  });

  test('[IRC-SPLIT] a native text longer than one IRC line arrives as several PRIVMSGs of at most 512 bytes', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const bob = room.native('bob');
    alice.read();
    const text = 'é'.repeat(1500);
    bob.send({ type: 'say', text });
    const lines = alice.read();
    expect(lines.length).toBe(7);
    for (const line of lines) expect(new TextEncoder().encode(`${line}\r\n`).length).toBeLessThanOrEqual(512);
    expect(lines.map((l) => l.replace(/^:bob!bob@rxchat PRIVMSG #lobby :/, '')).join('')).toBe(text);
  });
});

describe('[IRC-QUIT] presence', () => {
  test('one QUIT per user even with several shared channels; NICK is told once', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const bob = room.native('bob');
    alice.send('JOIN #a', 'JOIN #b');
    bob.send({ type: 'join', room: '#a' });
    bob.send({ type: 'join', room: '#b' });
    alice.read();
    bob.send({ type: 'nick', nick: 'bobby' });
    expect(alice.read()).toEqual([':bob!bob@rxchat NICK :bobby']);
    room.disconnect(bob.id);
    expect(alice.read()).toEqual([':bobby!bobby@rxchat QUIT :Connection closed']);
  });

  test('an IRC user\'s own NICK is told to it and followed by its session', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    alice.send('NICK alicia', 'NICK bad!nick');
    expect(alice.read()).toEqual([':alice!alice@rxchat NICK :alicia', ':rxchat 432 alicia bad!nick :Erroneous nickname: nickname may contain only letters, digits, "_" and "-"']);
    expect(alice.session.nick).toBe('alicia');
  });

  test('QUIT :reason is told to others as QUIT :Quit: reason, and the quitter reads ERROR', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    const carol = room.ircUser('carol');
    alice.read();
    carol.send('QUIT :bye now');
    expect(carol.read()).toEqual(['ERROR :Closing link: carol[rxchat] (goodbye)']);
    expect(alice.read()).toEqual([':carol!carol@rxchat QUIT :Quit: bye now']);
  });
});

describe('[IRC-MODERATION] operators', () => {
  test('KICK and MODE +b need an operator (482); after OPER (381), KICK disconnects and everyone sees a KICK ([IRC-KICK])', () => {
    const room = createIrcRoom({ operSecret: 'opensesame' });
    const alice = room.ircUser('alice');
    const bob = room.native('bob');
    alice.read();
    alice.send('KICK #lobby bob :spam', 'OPER alice wrong', 'OPER alice opensesame', 'KICK #lobby bob :spam');
    const lines = alice.read();
    expect(verbs(lines)).toEqual(['482', '464', '381', 'KICK']);
    expect(lines[3]).toBe(':alice!alice@rxchat KICK #lobby bob :spam');
    expect(bob.closed).toBe(true);
  });

  test('MODE #c +t locks the topic (324 shows +nt), +q mutes: the muted IRC user reads 404', () => {
    const room = createIrcRoom({ operSecret: 's3cret' });
    const alice = room.ircUser('alice');
    const carol = room.ircUser('carol');
    alice.send('OPER x s3cret', 'MODE #lobby +tq carol');
    alice.read();
    alice.send('MODE #lobby');
    expect(alice.read()).toEqual([':rxchat 324 alice #lobby :+nt', expect.stringMatching(/^:rxchat 329 alice #lobby :\d+$/)]);
    carol.read();
    carol.send('PRIVMSG #lobby :can I speak', 'TOPIC #lobby :mine');
    expect(verbs(carol.read())).toEqual(['404', '482']);
  });

  test('INVITE is refused cleanly with 518', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send('INVITE bob #lobby');
    expect(alice.read()).toEqual([':rxchat 518 alice #lobby :INVITE is not used here: anyone may JOIN any room']);
  });
});

describe('[IRC-RECEIVE] hostile input', () => {
  test('417 for an over-long line, 421 for unknown commands, a NOTICE for NUL; the connection stays', () => {
    const alice = createIrcRoom().ircUser('alice');
    alice.send(`PRIVMSG #lobby :${'x'.repeat(600)}`, 'FROB', 'PRIVMSG #lobby :a\0b', 'PING :alive');
    expect(verbs(alice.read())).toEqual(['417', '421', 'NOTICE', 'PONG']);
  });
});

describe('[IRC-SHARED] a broadcast is encoded once per tag variant', () => {
  test('readers with the same capabilities get the very same bytes; a repeated QUIT key is dropped', () => {
    const frame = { type: 'left', ts: 5, room: '#a', nick: 'bob', reason: 'quit' } as const;
    const shared = shareIrcFrame(frame)!;
    const one = deliverShared(initialIrcSession, shared);
    const two = deliverShared({ ...initialIrcSession, caps: new Set() }, shared);
    expect(one.bytes).toBe(two.bytes);
    const timed = deliverShared({ ...initialIrcSession, caps: new Set(['server-time'] as const), tagVariant: 1 }, shared);
    expect(new TextDecoder().decode(timed.bytes)).toBe('@time=1970-01-01T00:00:00.005Z :bob!bob@rxchat QUIT :Quit\r\n');
    const again = deliverShared(one.session, shareIrcFrame({ ...frame, room: '#b' })!);
    expect(again.bytes).toBeUndefined();
  });
});

describe('[IRC-FLOOD] the same flood control as every protocol', () => {
  test('lines the adapter answers alone still cost a token: past the burst they draw 263, and a flood closes', () => {
    const room = createIrcRoom({ floodBurst: 6, floodRate: 0.01, floodStrikes: 4 });
    const alice = room.ircUser('alice');
    const bob = room.ircUser('bob');
    // The registration lines took tokens too; time moves one second per line in the harness.
    alice.send('MODE #lobby', 'MODE #lobby', 'MODE #lobby', 'MODE #lobby');
    expect(verbs(alice.read())).toContain('324');
    alice.send(...Array.from({ length: 12 }, () => 'CAP LS'));
    const lines = alice.read();
    expect(lines.some((l) => / 263 alice CAP :Please wait/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^ERROR :Closing link: /);
    expect(alice.closed).toBe(true);
    expect(bob.read()).toEqual([':alice!alice@rxchat QUIT :Excess flood']);
  });
});

describe('[IRC-ECHO] hygiene', () => {
  test('the echo is what the others read: formatting kept, other controls neutralised', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice', ['echo-message']);
    alice.send('PRIVMSG #lobby :\x02hi\x02 \x1b[2J');
    expect(alice.read()).toEqual([':alice!alice@rxchat PRIVMSG #lobby :\x02hi\x02 \uFFFD[2J']);
  });
});

describe('[SEARCH] the archive over IRC', () => {
  test('SEARCH for a room one is not in is 442; results render as NOTICEs with the way to the older page', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    alice.send('SEARCH #elsewhere :hello', 'SEARCH #lobby');
    expect(verbs(alice.read())).toEqual(['442', '461']);
    const rendered = encodeIrcFrame(alice.session, {
      type: 'search', room: '#lobby', words: 'hello', more: true,
      results: [{ type: 'message', id: 9, ts: Date.UTC(2026, 10, 30, 21, 5), room: '#lobby', from: 'bob', text: 'hello \ufdd2all\ufdd2' }],
    });
    expect(rendered.text).toBe(':rxchat NOTICE alice :#lobby #9 2026-11-30 21:05 <bob> hello \x02all\x02\r\n' +
      ':rxchat NOTICE alice :1 result(s) for "hello" in #lobby; older: SEARCH #lobby 9 :hello\r\n');
  });
});
