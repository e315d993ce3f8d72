import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { IRC_BODY_MAX, parseIrcLine, utf8Length } from '../../src/irc/irc-message.js';
import { encodeIrcFrame } from '../../src/irc/irc-encode.js';
import { IRC_ECHO_MAX, initialIrcSession, type IrcSession } from '../../src/irc/irc-session.js';
import { deliverShared, shareIrcFrame } from '../../src/irc/irc-shared.js';
import { serverFrame } from '../helpers/arbitraries.js';
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
    'AUTHENTICATE AGFsaWNlAHNlY3JldA==', 'MOTD', 'INVITE bob #a', 'HISTORY #lobby 3', 'TOPIC #lobby :new topic',
    'USERHOST alice bob nobody', 'ISON :bob carol x', 'ISON', 'WHO #lobby %tcuhnfar,745', 'WHO bob %nf', 'WHO #a %zz', 'CAP REQ away-notify'),
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

describe('[IRC-ORDER] any sequence of lines, then a PING', () => {
  test.prop([fc.array(line, { maxLength: 30 })])(
    "the PING's PONG is the last line, and no context is left waiting for an answer",
    (lines) => {
      // `OPER a b` in the lines makes alice an operator: KICK, KILL, MODE +b and MUTE then act.
      const room = createIrcRoom({ floodRate: 0, operSecret: 'b' });
      room.native('bob');
      room.native('carol');
      const alice = room.ircUser('alice', ['away-notify']);
      alice.send(...lines);
      alice.read();
      alice.send('PING :end');
      const out = alice.read();
      if (alice.closed) return;
      expect(out[out.length - 1]).toBe(':rxchat PONG rxchat :end');
      expect(alice.session.awaiting).toEqual([]);
      expect(alice.session.locals).toEqual([]);
    },
  );
});

describe('[IRC-ENCODE] any server frame', () => {
  const session = fc.record({
    caps: fc.subarray(['server-time', 'message-tags', 'echo-message'] as const),
    welcomed: fc.boolean(),
    awaiting: fc.array(fc.record({ command: fc.constantFrom('JOIN', 'WHO', 'LIST', 'TOPIC', 'PRIVMSG', 'NOTICE', 'AWAY', 'OPER', 'MOTD', 'KICK'), target: fc.string({ maxLength: 30 }) }), { maxLength: 3 }),
  }).map(({ caps, welcomed, awaiting }): IrcSession => ({
    ...initialIrcSession, caps: new Set(caps), tagVariant: (caps.includes('server-time') ? 1 : 0) | (caps.includes('message-tags') ? 2 : 0),
    awaiting, ...(welcomed ? { phase: 'welcomed' as const, nick: 'alice' } : {}),
  }));

  test.prop([session, fc.array(serverFrame, { maxLength: 6 })])(
    'renders as well-formed IRC lines of at most 512 bytes without tags, personal or shared, never throwing',
    (start, frames) => {
      let current: IrcSession = start;
      const check = (text: string) => {
        for (const line of text.split('\r\n').slice(0, -1)) {
          expect(line).not.toMatch(/[\0\r\n]/);
          expect(utf8Length(line.replace(/^@\S+ /, '')) + 2).toBeLessThanOrEqual(IRC_BODY_MAX);
        }
        expect(text === '' || text.endsWith('\r\n')).toBe(true);
      };
      for (const frame of frames) {
        const encoded = encodeIrcFrame(current, frame);
        current = encoded.session;
        check(encoded.text);
        const shared = shareIrcFrame(frame);
        if (shared) {
          const delivered = deliverShared(current, shared);
          current = delivered.session;
          if (delivered.bytes) check(new TextDecoder().decode(delivered.bytes));
        }
      }
    },
  );
});
