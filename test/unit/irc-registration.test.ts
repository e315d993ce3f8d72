import { describe, expect, test } from 'vitest';
import { createIrcRoom } from '../helpers/irc-room.js';

/** The numeric (or command) of each line, for order checks. */
const verbs = (lines: readonly string[]) => lines.map((l) => l.replace(/^@\S+ /, '').split(' ')[l.startsWith(':') || l.startsWith('@') ? 1 : 0]);

describe('[IRC-REGISTRATION] PASS, NICK, USER and CAP', () => {
  test('NICK and USER register: 001-005, then 422 (no MOTD), then the automatic JOIN #lobby with 353/366', () => {
    const room = createIrcRoom();
    const alice = room.irc();
    alice.send('NICK alice');
    expect(alice.read()).toEqual([]);
    alice.send('USER alice 0 * :Alice A');
    const lines = alice.read();
    expect(verbs(lines)).toEqual(['001', '002', '003', '004', '005', '422', 'JOIN', '353', '366']);
    expect(lines[0]).toBe(':rxchat 001 alice :Welcome to the rxchat IRC gateway, alice!alice@rxchat');
    expect(lines[4]).toContain(' CASEMAPPING=ascii CHANTYPES=# NICKLEN=10 CHANNELLEN=21 TOPICLEN=300 ');
    expect(lines[4]).toContain(' PREFIX=(o)@ NETWORK=rxchat CHANMODES=bq,,,nt ');
    expect(lines[6]).toBe(':alice!alice@rxchat JOIN :#lobby');
    expect(lines[7]).toBe(':rxchat 353 alice = #lobby :alice');
    expect(lines[8]).toBe(':rxchat 366 alice #lobby :End of /NAMES list');
  });

  test('[IRC-MOTD] a MOTD is 375, 372 per line, 376, before the JOIN', () => {
    const room = createIrcRoom({ motd: 'hello\nworld' });
    const alice = room.irc();
    alice.send('USER a 0 * :A', 'NICK alice');
    const lines = alice.read();
    expect(verbs(lines).slice(5, 9)).toEqual(['375', '372', '372', '376']);
    expect(lines[6]).toBe(':rxchat 372 alice :- hello');
  });

  test('[IRC-CAP] CAP LS 302 holds registration until CAP END; REQ is all or nothing', () => {
    const room = createIrcRoom();
    const alice = room.irc();
    alice.send('CAP LS 302', 'NICK alice', 'USER alice 0 * :A');
    expect(alice.read()).toEqual([':rxchat CAP * LS :away-notify echo-message message-tags multi-prefix sasl=PLAIN server-time']);
    alice.send('CAP REQ :server-time bogus');
    expect(alice.read()).toEqual([':rxchat CAP * NAK :server-time bogus']);
    alice.send('CAP REQ :server-time echo-message multi-prefix', 'CAP LIST');
    expect(alice.read()).toEqual([
      ':rxchat CAP * ACK :server-time echo-message multi-prefix',
      ':rxchat CAP * LIST :server-time echo-message multi-prefix',
    ]);
    alice.send('CAP END');
    expect(verbs(alice.read())[0]).toBe('001');
    alice.send('CAP REQ :-echo-message', 'CAP LIST');
    expect(alice.read()).toEqual([':rxchat CAP alice ACK :-echo-message', ':rxchat CAP alice LIST :server-time multi-prefix']);
  });

  test('CAP LS without 302 offers sasl without its value; an unknown CAP subcommand is 410', () => {
    const alice = createIrcRoom().irc();
    alice.send('CAP LS', 'CAP FOO');
    expect(alice.read()).toEqual([
      ':rxchat CAP * LS :away-notify echo-message message-tags multi-prefix sasl server-time',
      ':rxchat 410 * FOO :Invalid CAP command',
    ]);
  });

  test('[PASSWORD] PASS carries the server password; a wrong one is 464 and ERROR, and the connection closes', () => {
    const room = createIrcRoom({ password: 'sesame' });
    const good = room.irc();
    good.send('PASS sesame', 'NICK alice', 'USER alice 0 * :A');
    expect(verbs(good.read())[0]).toBe('001');
    const bad = room.irc();
    bad.send('PASS nope', 'NICK bob', 'USER bob 0 * :B');
    const lines = bad.read();
    expect(verbs(lines)).toEqual(['464', 'ERROR']);
    expect(lines[1]).toMatch(/^ERROR :Closing link: /);
    expect(bad.closed).toBe(true);
  });

  test('[IRC-SASL] SASL PLAIN carries the password: AUTHENTICATE +, 903, then registration at CAP END', () => {
    const room = createIrcRoom({ password: 'sesame' });
    const alice = room.irc();
    alice.send('CAP LS 302', 'NICK alice', 'USER alice 0 * :A', 'CAP REQ :sasl', 'AUTHENTICATE PLAIN');
    expect(alice.read().slice(-1)).toEqual(['AUTHENTICATE +']);
    alice.send(`AUTHENTICATE ${btoa('alice\0alice\0sesame')}`);
    expect(alice.read()).toEqual([':rxchat 903 * :SASL authentication successful']);
    alice.send('CAP END');
    expect(verbs(alice.read())[0]).toBe('001');
  });

  test('[IRC-SASL] other mechanisms are 908 and 904; a malformed PLAIN is 904; * aborts with 906', () => {
    const alice = createIrcRoom().irc();
    alice.send('AUTHENTICATE EXTERNAL');
    expect(verbs(alice.read())).toEqual(['908', '904']);
    alice.send('AUTHENTICATE PLAIN', 'AUTHENTICATE !!notbase64');
    expect(verbs(alice.read())).toEqual(['AUTHENTICATE', '904']);
    alice.send('AUTHENTICATE PLAIN', 'AUTHENTICATE *');
    expect(verbs(alice.read())).toEqual(['AUTHENTICATE', '906']);
  });

  test('433 for a taken nick, 432 for one rxchat refuses (its rules, not IRC\'s); another NICK then registers', () => {
    const room = createIrcRoom();
    room.native('alice');
    const irc = room.irc();
    irc.send('NICK alice', 'USER x 0 * :X');
    expect(irc.read()).toEqual([':rxchat 433 * alice :Nickname is already in use (nickname "alice" is taken)']);
    irc.send('NICK [bob]');
    expect(irc.read()).toEqual([':rxchat 432 * [bob] :Erroneous nickname: nickname may contain only letters, digits, "_" and "-"']);
    irc.send('NICK bob');
    expect(verbs(irc.read())[0]).toBe('001');
  });

  test('before the welcome: 451 for commands, 431 for NICK without one, 461 for USER without enough, 421 for unknown', () => {
    const alice = createIrcRoom().irc();
    alice.send('JOIN #a', 'NICK', 'USER a', 'FROB x', 'PRIVMSG #lobby :hi');
    expect(alice.read()).toEqual([
      ':rxchat 451 * :You have not registered',
      ':rxchat 431 * :No nickname given',
      ':rxchat 461 * USER :Not enough parameters',
      ':rxchat 421 * FROB :Unknown command',
      ':rxchat 451 * :You have not registered',
    ]);
  });

  test('after the welcome, PASS and USER are 462', () => {
    const room = createIrcRoom();
    const alice = room.ircUser('alice');
    alice.send('PASS x', 'USER a 0 * :A');
    expect(verbs(alice.read())).toEqual(['462', '462']);
  });

  test('PING before registration is answered too, and QUIT before it ends the connection', () => {
    const room = createIrcRoom();
    const alice = room.irc();
    alice.send('PING :abc');
    expect(alice.read()).toEqual([':rxchat PONG rxchat :abc']);
    alice.send('QUIT :bye');
    expect(alice.closed).toBe(true);
  });
});

describe('[IRC-ORDER] registration and the lines after it in one turn', () => {
  test('lines sent with NICK and USER reach the room behind the hello; a refused hello makes them 451', () => {
    const room = createIrcRoom();
    const bob = room.native('bob');
    bob.read();
    const alice = room.irc();
    alice.send('NICK alice', 'USER alice 0 * :A', 'PRIVMSG #lobby :first words', 'PING :done');
    expect(verbs(alice.read()).slice(-1)).toEqual(['PONG']);
    expect(bob.read()).toContainEqual(expect.objectContaining({ type: 'message', from: 'alice', text: 'first words' }));
    const copy = room.irc();
    copy.send('NICK alice', 'USER a 0 * :A', 'JOIN #x', 'PING :done');
    expect(verbs(copy.read())).toEqual(['433', '451', 'PONG']);
  });
});
