import { afterEach, describe, expect, test } from 'vitest';
import { startIrcServer, stopIrcServers } from '../helpers/irc-server.js';
import { closeAllIrc, IrcSocket } from '../helpers/irc-socket.js';
import { closeAllClients, NativeClient } from '../helpers/native-client.js';

/** [IRC-ORDER] Answers read from the archive keep their place among the answers to one connection's commands. */
const WAIT = 5_000;

afterEach(async () => {
  await closeAllIrc();
  await closeAllClients();
  stopIrcServers();
});

describe('[IRC-ORDER] archive answers in command order, on a real socket', () => {
  test('HISTORY past memory and SEARCH are answered before the commands sent after them', async () => {
    const server = await startIrcServer({ historyLimit: 2 });
    const bob = await NativeClient.join(server.port, 'bob');
    for (let i = 1; i <= 5; i++) bob.send({ type: 'say', text: `deploy number ${i}`, ref: `b${i}` });
    await bob.waitFor((f) => f.type === 'ack' && f.ref === 'b5', WAIT, 'the fifth ack');
    const alice = await IrcSocket.register(server.ircPort, 'alice');
    await alice.sync('ready');
    const from = alice.lines.items.length;
    alice.send('HISTORY #lobby 4', 'MODE #lobby', 'SEARCH #lobby :deploy', 'LIST #lobby', 'PING :sync');
    await alice.waitFor((l) => l === ':rxchat PONG rxchat :sync', WAIT, 'the PONG');
    const lines = alice.since(from).map((l) => l.replace(/^:\S+ /, '').replace(/ :\d+$/, ' :<time>'));
    expect(lines).toEqual([
      'PRIVMSG #lobby :deploy number 2',
      'PRIVMSG #lobby :deploy number 3',
      'PRIVMSG #lobby :deploy number 4',
      'PRIVMSG #lobby :deploy number 5',
      '324 alice #lobby :+n',
      '329 alice #lobby :<time>',
      ...[5, 4, 3, 2, 1].map((n) => expect.stringMatching(new RegExp(`^NOTICE alice :#lobby #\\d+ [\\d-]+ [\\d:]+ <bob> deploy number ${n}$`))),
      'NOTICE alice :5 result(s) for "deploy" in #lobby',
      '321 alice Channel :Users  Name',
      '322 alice #lobby 2 :',
      '323 alice :End of /LIST',
      'PONG rxchat :sync',
    ]);
  });
});

describe('[IRC-AWAY-NOTIFY] on a real socket', () => {
  test('a native member going away and back reaches an away-notify reader as AWAY lines, in order with its commands', async () => {
    const server = await startIrcServer();
    const bob = await NativeClient.join(server.port, 'bob');
    const alice = await IrcSocket.register(server.ircPort, 'alice', ['away-notify']);
    await alice.sync('ready');
    const from = alice.lines.items.length;
    bob.send({ type: 'away', reason: 'lunch' });
    await alice.waitFor((l) => l === ':bob!bob@rxchat AWAY :lunch', WAIT, 'the AWAY');
    bob.send({ type: 'away' });
    await alice.waitFor((l) => l === ':bob!bob@rxchat AWAY', WAIT, 'the return');
    alice.send('USERHOST bob', 'PING :sync');
    await alice.waitFor((l) => l === ':rxchat PONG rxchat :sync', WAIT, 'the PONG');
    // bob's and alice's joins may share a presence window, told before the AWAY ([PRESENCE-ORDER]):
    // alice may read bob's JOIN then, but never her own a second time ([IRC-SELF-JOIN]).
    expect(alice.lines.items.filter((l) => l.startsWith(':alice!alice@rxchat JOIN'))).toHaveLength(1);
    expect(alice.since(from).filter((l) => l !== ':bob!bob@rxchat JOIN :#lobby')).toEqual([':bob!bob@rxchat AWAY :lunch', ':bob!bob@rxchat AWAY', ':rxchat 302 alice :bob=+bob@rxchat', ':rxchat PONG rxchat :sync']);
  });
});
