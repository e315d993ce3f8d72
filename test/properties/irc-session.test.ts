import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { IRC_BODY_MAX, parseIrcLine, utf8Length } from '../../src/irc/irc-message.js';
import { IRC_ECHO_MAX } from '../../src/irc/irc-session.js';
import { createIrcRoom } from '../helpers/irc-room.js';

const nick = fc.constantFrom('alice', 'bob', 'carol', 'x', 'a b', '', 'toolongnickname', 'bad!');
const channel = fc.constantFrom('#lobby', '#a', '#b', '#bad!', 'nochan', '#a,#b', '0', '');
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('\x01ACTION waves\x01', '\x01VERSION\x01', '\x02bold\x0f', 'a\r\nQUIT :x', '\x1b[2J'),
);
/** Lines an IRC client (or someone pretending) might send, well formed or not. */
const line = fc.oneof(
  fc.tuple(fc.constantFrom('PRIVMSG', 'NOTICE'), fc.oneof(channel, nick), text).map(([c, t, x]) => `${c} ${t} :${x}`),
  fc.tuple(fc.constantFrom('JOIN', 'PART', 'NAMES', 'WHO', 'MODE', 'TOPIC', 'LIST'), channel).map(([c, t]) => `${c} ${t}`),
  fc.tuple(fc.constantFrom('NICK', 'WHOIS', 'KILL', 'MUTE'), nick).map(([c, n]) => `${c} ${n}`),
  fc.constantFrom('CAP LS 302', 'CAP REQ :server-time echo-message message-tags', 'CAP END', 'USER u 0 * :U', 'PASS x',
    'PING :t', 'PONG :t', 'AWAY :brb', 'AWAY', 'OPER a b', 'MODE #lobby +tb bob', 'KICK #lobby bob :x', 'AUTHENTICATE PLAIN',
    'AUTHENTICATE AGFsaWNlAHNlY3JldA==', 'MOTD', 'INVITE bob #a', 'HISTORY #lobby 3', 'TOPIC #lobby :new topic'),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.nat({ max: 700 }).map((n) => `PRIVMSG #lobby :${'y'.repeat(n)}`),
);

describe('[IRC-RECEIVE] any sequence of lines', () => {
  test.prop([fc.array(line, { maxLength: 40 }), fc.array(line, { maxLength: 10 })])(
    'never throws, and every line sent back is one well-formed IRC line of at most 512 bytes without tags',
    (alicesLines, natives) => {
      const room = createIrcRoom();
      const alice = room.irc();
      alice.send('NICK alice', 'USER alice 0 * :A');
      const bob = room.ircUser('bob', ['server-time', 'echo-message']);
      const carol = room.native('carol');
      alice.send(...alicesLines);
      for (const l of natives) carol.send({ type: 'say', text: l });
      bob.send(...natives);
      for (const client of [alice, bob]) {
        for (const out of client.read()) {
          expect(out).not.toMatch(/[\0\r\n]/);
          const body = out.replace(/^@\S+ /, '');
          expect(utf8Length(body) + 2).toBeLessThanOrEqual(IRC_BODY_MAX);
          if (!out.startsWith('AUTHENTICATE')) expect(parseIrcLine(out).ok).toBe(true);
        }
        expect(client.session.echoes.length).toBeLessThanOrEqual(IRC_ECHO_MAX);
        expect(client.session.awaiting.length).toBeLessThanOrEqual(64);
      }
    },
  );
});
