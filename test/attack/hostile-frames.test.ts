import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient, type Frame, type WireClient } from './helpers/wire-client.js';

/**
 * One hostile frame at a time against the real program: each gets its documented answer
 * (docs/protocol.md, docs/limits.md), and only [FRAME-MAX] costs the connection.
 */

const ESC = '\u001b';
// Cursor home, clear screen, set the window title (OSC), a C1 CSI, a bell, DEL and a backspace.
const NASTY = `${ESC}[H${ESC}[2J${ESC}]0;pwned\u0007\u009b31m\u007f\b`;
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

let server: Served;
beforeAll(async () => {
  server = await spawnServer(['--flood-rate', '0', '--max-frame-bytes', '4096', '--max-text-length', '500']);
});
afterAll(() => server.kill());
afterEach(closeAllClients);

async function member(nick: string): Promise<WireClient> {
  const client = await connectClient(server.port);
  await client.hello(nick);
  return client;
}

/** The next error frame after `before` frames. */
const errorAfter = (client: WireClient, before: number, what: string) =>
  client.waitFor((f) => f.type === 'error' && client.frames.indexOf(f) >= before, what);

/** The connection still works: a ping is answered. */
async function expectAlive(client: WireClient, ref: string): Promise<void> {
  client.send({ type: 'ping', ref });
  await client.waitFor((f) => f.type === 'pong' && f['ref'] === ref, `pong ${ref}`);
  expect(client.isClosed).toBe(false);
}

describe('[TEXT-HYGIENE] escape sequences never reach another terminal', () => {
  test('messages, actions, privates, topics, part and away reasons arrive with U+FFFD for every control character', async () => {
    const mallory = await member('mallory');
    const alice = await member('alice');
    await alice.waitFor((f) => f.type === 'room', 'alice in the lobby');
    mallory.send({ type: 'join', room: '#den' });
    alice.send({ type: 'join', room: '#den' });
    await alice.waitFor((f) => f.type === 'room' && f['room'] === '#den', 'alice in #den');

    await mallory.say(`hi ${NASTY}`, 'm1');
    await mallory.say(`waves ${NASTY}`, 'm2', { kind: 'action' });
    mallory.send({ type: 'msg', to: 'alice', text: `psst ${NASTY}`, ref: 'm3' });
    mallory.send({ type: 'topic', room: '#den', text: `topic ${NASTY}` });
    mallory.send({ type: 'away', reason: `gone ${NASTY}` });
    mallory.send({ type: 'part', room: '#den', reason: `bye ${NASTY}` });
    alice.send({ type: 'whois', nick: 'mallory' });

    const texts = [
      (await alice.waitFor((f) => f.type === 'message' && f['kind'] === undefined, 'message'))['text'],
      (await alice.waitFor((f) => f.type === 'message' && f['kind'] === 'action', 'action'))['text'],
      (await alice.waitFor((f) => f.type === 'private', 'private'))['text'],
      (await alice.waitFor((f) => f.type === 'topic' && f['topic'] !== null, 'topic'))['topic'],
      (await alice.waitFor((f) => f.type === 'left' && f['room'] === '#den', 'part'))['text'],
      (await alice.waitFor((f) => f.type === 'whois', 'whois'))['away'],
    ] as string[];
    for (const text of texts) {
      expect(text).not.toMatch(CONTROL);
      expect(text).toContain('\uFFFD[H\uFFFD[2J\uFFFD]0;pwned\uFFFD\uFFFD31m\uFFFD\uFFFD');
    }
    // Nothing alice received anywhere carries a control character.
    expect(JSON.stringify(alice.frames.map((f) => Object.values(f).filter((v) => typeof v === 'string')))).not.toMatch(/\\u001b|\\u009b/i);
  });

  // Found by this test: the quit reason once reached everyone uncleaned; now cleanReason() in quit().
  test('a quit reason reaches the others with U+FFFD for every control character', async () => {
    const alice = await member('alice4');
    const quitter = await member('quitter');
    quitter.send({ type: 'quit', reason: `bye ${NASTY}` });
    const left = await alice.waitFor((f) => f.type === 'left' && f['nick'] === 'quitter', 'quitter left');
    expect(left['text']).not.toMatch(CONTROL);
  });

  test('[REASON-MAX] a long quit reason reaches the others cut to 200 characters', async () => {
    const alice = await member('alice5');
    const talker = await member('talker');
    talker.send({ type: 'quit', reason: 'r'.repeat(1000) });
    const left = await alice.waitFor((f) => f.type === 'left' && f['nick'] === 'talker', 'talker left');
    expect(left['text']).toBe('r'.repeat(200));
  });

  test('[ROOM-CAP] joining rooms without end: TOO_MANY_ROOMS past --max-rooms-per-member, the connection stays', async () => {
    const hoarder = await member('hoarder');
    for (let i = 0; i < 25; i++) hoarder.send({ type: 'join', room: `#hoard${i}` });
    await hoarder.waitFor(() => hoarder.frames.filter((f) => f.type === 'room' || f.type === 'error').length >= 26, 'answers to 25 joins');
    const joined = hoarder.frames.filter((f) => f.type === 'room' && f['room'] !== '#lobby').length;
    expect(joined).toBe(19); // 20 rooms with #lobby
    expect(hoarder.errors('TOO_MANY_ROOMS')).toHaveLength(6);
    await expectAlive(hoarder, 'hoarding');
  });

  test('[NICK-CHARS] a nickname with an escape is refused NICK_INVALID, at hello and at nick change', async () => {
    const client = await connectClient(server.port);
    client.send({ type: 'hello', version: 1, nick: `a${ESC}[2J` });
    expect((await errorAfter(client, 0, 'hello refusal'))['code']).toBe('NICK_INVALID');
    await client.hello('eve');
    const before = client.frames.length;
    client.send({ type: 'nick', nick: `e${ESC}]0;x` });
    expect((await errorAfter(client, before, 'nick refusal'))['code']).toBe('NICK_INVALID');
    await expectAlive(client, 'still-eve');
  });

  test('[ROOM-NAME] a room name with an escape is refused ROOM_INVALID', async () => {
    const client = await member('roomer');
    client.send({ type: 'join', room: `#a${ESC}[2J` });
    expect((await errorAfter(client, 0, 'join refusal'))['code']).toBe('ROOM_INVALID');
  });

  test('a legacy (original protocol) peer cannot inject escapes either', async () => {
    const alice = await member('alice2');
    const legacy = await connectClient(server.port);
    legacy.write('oldie');
    await new Promise<void>((resolve) => legacy.socket.once('data', () => resolve()));
    legacy.write(`ha ${NASTY}\n`);
    const message = await alice.waitFor((f) => f.type === 'message' && f['from'] === 'oldie', 'legacy message');
    expect(message['text']).not.toMatch(CONTROL);
    expect(message['text']).toContain('\uFFFD[2J');
  });
});

describe('bad frames get error frames, and only an oversized one costs the connection', () => {
  test('[FRAME-MAX] an oversized frame: FRAME_TOO_LARGE (fatal), closed, the rest never buffered', async () => {
    const alice = await member('alice3');
    const big = await member('bigmouth');
    // 1 MiB without a newline, then more: the server answers after 4 KiB and closes.
    big.write(`{"type":"say","text":"${'x'.repeat(1 << 20)}`);
    const error = await big.waitFor((f) => f.type === 'error', 'FRAME_TOO_LARGE');
    expect(error).toMatchObject({ code: 'FRAME_TOO_LARGE', fatal: true });
    await big.waitClosed('oversized sender');
    const left = await alice.waitFor((f) => f.type === 'left' && f['nick'] === 'bigmouth', 'bigmouth left');
    expect(left['reason']).toBe('protocol-error');
    expect(alice.frames.some((f) => f.type === 'message' && f['from'] === 'bigmouth')).toBe(false);
  });

  test('[FRAME-MAX] the limit is on bytes before a newline: exactly at the limit passes', async () => {
    const client = await member('edge');
    const frame = (n: number) => {
      const head = '{"type":"ping","ref":"';
      return head + 'r'.repeat(n - head.length - 2) + '"}';
    };
    client.write(frame(4096) + '\n');
    await client.waitFor((f) => f.type === 'pong', 'pong for a 4096-byte frame');
    client.write(frame(4097) + '\n');
    expect((await client.waitFor((f) => f.type === 'error', 'FRAME_TOO_LARGE'))['code']).toBe('FRAME_TOO_LARGE');
    await client.waitClosed('4097-byte sender');
  });

  test('[TEXT-MAX] an over-long text: TEXT_TOO_LONG with its ref, the connection stays and can talk', async () => {
    const bob = await member('bob');
    const paster = await member('paster');
    paster.send({ type: 'say', text: 'y'.repeat(501), ref: 'long' });
    const error = await paster.waitFor((f) => f.type === 'error', 'TEXT_TOO_LONG');
    expect(error).toMatchObject({ code: 'TEXT_TOO_LONG', fatal: false, ref: 'long' });
    await paster.say('y'.repeat(500), 'fits');
    const heard = await bob.waitFor((f) => f.type === 'message' && f['from'] === 'paster', 'the text that fits');
    expect((heard['text'] as string).length).toBe(500);
    expect(bob.frames.filter((f) => f.type === 'message' && f['from'] === 'paster')).toHaveLength(1);
  });

  const cases: readonly [string, string | Uint8Array, string][] = [
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"type":"say","text":"'), Buffer.from([0xc3]), Buffer.from('"}\n')]), 'BAD_UTF8'],
    ['an overlong UTF-8 encoding', Buffer.concat([Buffer.from('{"type":"say","text":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}\n')]), 'BAD_UTF8'],
    ['a lone surrogate in UTF-8', Buffer.concat([Buffer.from('{"type":"ping","ref":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]), 'BAD_UTF8'],
    ['invalid JSON', '{"type":"say","text":\n', 'BAD_JSON'],
    ['a JSON array', '[1,2,3]\n', 'BAD_FRAME'],
    ['no type', '{"text":"hi"}\n', 'BAD_FRAME'],
    ['a numeric type', '{"type":7}\n', 'BAD_FRAME'],
    ['a text that is a number', '{"type":"say","text":42}\n', 'BAD_FRAME'],
    ['a room that is an object', '{"type":"join","room":{"x":1}}\n', 'BAD_FRAME'],
    ['an unknown type', '{"type":"rm -rf"}\n', 'UNKNOWN_TYPE'],
    ['a prototype key as type', '{"type":"__proto__"}\n', 'UNKNOWN_TYPE'],
    ['a JSON bomb of 2,000 nested arrays', `{"type":"say","text":"x","ref":${'['.repeat(2000)}${']'.repeat(2000)}}\n`, 'BAD_FRAME'],
    ['a JSON bomb of nested objects', `{"type":"say","text":${'{"a":'.repeat(600)}1${'}'.repeat(600)}}\n`, 'BAD_FRAME'],
    ['a hello after welcome', '{"type":"hello","version":1,"nick":"again"}\n', 'ALREADY_REGISTERED'],
  ];
  test.each(cases)('%s: an error frame, the connection is kept', async (_name, bytes, code) => {
    const client = await member(`v${Math.random().toString(36).slice(2, 8)}`);
    const before = client.frames.length;
    client.write(bytes);
    const error = await errorAfter(client, before, code);
    expect(error).toMatchObject({ code, fatal: false });
    await expectAlive(client, 'after');
  });

  test('frames before hello: NOT_REGISTERED, and the connection can still register', async () => {
    const client = await connectClient(server.port);
    client.send({ type: 'say', text: 'sneaky', ref: 's' });
    client.send({ type: 'join', room: '#x' });
    await client.waitFor((f) => client.errors('NOT_REGISTERED').length === 2, 'two NOT_REGISTERED');
    await client.hello('latecomer');
  });

  test('an unsupported version is fatal: UNSUPPORTED_VERSION, then closed', async () => {
    const client = await connectClient(server.port);
    client.send({ type: 'hello', version: 2, nick: 'future' });
    const error: Frame = await client.waitFor((f) => f.type === 'error', 'UNSUPPORTED_VERSION');
    expect(error).toMatchObject({ code: 'UNSUPPORTED_VERSION', fatal: true });
    await client.waitClosed('version 2 client');
  });

  test('the server is still up and talking after all of it', async () => {
    const a = await member('last1');
    const b = await member('last2');
    await a.say('still here', 'end');
    await b.waitFor((f) => f.type === 'message' && f['text'] === 'still here', 'the last message');
    expect(server.alive).toBe(true);
  });
});
