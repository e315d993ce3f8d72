import { connect, type Socket } from 'node:net';
import { afterEach, beforeAll, afterAll, describe, expect, test } from 'vitest';
import { collectLines, Collector } from '../helpers/collector.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { startServer, withTimeout, type ServerProcess } from '../helpers/processes.js';

/** The wire as peers see it: a netcat user on the legacy protocol, and native peers that send junk. */
const WAIT = 10_000;
let server: ServerProcess;
const raw = new Set<Socket>();

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.kill();
});

afterEach(async () => {
  raw.forEach((s) => s.destroy());
  raw.clear();
  await closeAllClients();
});

/** A bare TCP connection, as netcat would make: what it receives is collected as text lines. */
async function netcat(): Promise<{ socket: Socket; lines: Collector<string>; sofar: Collector<string> }> {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  raw.add(socket);
  socket.on('error', () => {});
  await withTimeout(new Promise((resolve) => socket.once('connect', resolve)), WAIT, 'a connection');
  // Everything received so far, once per read: TRUE and FALSE come without a newline.
  const sofar = new Collector<string>();
  let all = '';
  socket.on('data', (chunk: string) => sofar.push((all += chunk)));
  return { socket, lines: collectLines(socket), sofar };
}

describe('[LEGACY] a netcat user gets the plain-text service', () => {
  test('nickname line, TRUE, then one message a line; several lines in one packet are several messages', async () => {
    const native = await NativeClient.join(server.port, 'native');
    const nc = await netcat();
    nc.socket.write('ncuser\n');
    await nc.sofar.waitFor((t) => t.startsWith('TRUE'), WAIT, 'TRUE');
    await native.waitFor(is.joined('ncuser'), WAIT, 'ncuser joined');
    nc.socket.write('first line\nsecond line\n');
    await native.waitFor(is.message('ncuser', 'second line'), WAIT, 'the second line');
    expect(native.frames.items.filter((f) => f.type === 'message').map((f) => (f as { text: string }).text)).toEqual(['first line', 'second line']);
    native.send({ type: 'say', text: 'hello netcat' });
    await nc.lines.waitFor((l) => l.endsWith('native: hello netcat'), WAIT, 'the native message as "nick: text"');
    nc.socket.write('/close\n');
    await native.waitFor(is.left('ncuser', 'quit'), WAIT, 'ncuser left');
  });

  test('the nickname and the first message in one packet: the second line is a message, not another hello', async () => {
    const native = await NativeClient.join(server.port, 'native2');
    const nc = await netcat();
    nc.socket.write('ncfast\nhello there\n');
    await native.waitFor(is.message('ncfast', 'hello there'), WAIT, 'the first message');
    await nc.sofar.waitFor((t) => t.startsWith('TRUE'), WAIT, 'TRUE');
  });

  test('a taken nickname (any case) is FALSE, and the next line is another try', async () => {
    await NativeClient.join(server.port, 'taken');
    const nc = await netcat();
    nc.socket.write('TAKEN\n');
    await nc.sofar.waitFor((t) => t.startsWith('FALSE'), WAIT, 'FALSE');
    nc.socket.write('nottaken\n');
    await nc.sofar.waitFor((t) => t.startsWith('FALSETRUE'), WAIT, 'TRUE after FALSE');
  });
});

describe('[FRAME-SHAPE] native peers that send junk get stable error codes and stay connected', () => {
  test('BAD_JSON, BAD_UTF8, BAD_FRAME, UNKNOWN_TYPE, NOT_REGISTERED, then a normal hello', async () => {
    const peer = await NativeClient.connect(server.port);
    peer.write('{"type":"ping","ref":"first"}\n');
    await peer.waitFor((f) => f.type === 'pong', WAIT, 'a pong');
    peer.write('{not json\n');
    await peer.waitFor(is.error('BAD_JSON'), WAIT, 'BAD_JSON');
    peer.write(Buffer.concat([Buffer.from('{"type":"say","text":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]));
    await peer.waitFor(is.error('BAD_UTF8'), WAIT, 'BAD_UTF8');
    peer.write('[1,2,3]\n');
    await peer.waitFor(is.error('BAD_FRAME'), WAIT, 'BAD_FRAME');
    peer.write('{"type":"teleport"}\n');
    await peer.waitFor(is.error('UNKNOWN_TYPE'), WAIT, 'UNKNOWN_TYPE');
    peer.write('{"type":"say","text":"too early"}\n');
    await peer.waitFor(is.error('NOT_REGISTERED'), WAIT, 'NOT_REGISTERED');
    expect(peer.frames.items.filter((f) => f.type === 'error').every((f) => (f as { fatal: boolean }).fatal === false)).toBe(true);
    peer.send({ type: 'hello', version: 1, nick: 'survivor' });
    await peer.waitFor((f) => f.type === 'welcome', WAIT, 'the welcome after all that');
  });

  test('[SNIFF] blank lines before the hello are ignored, however the bytes are chunked', async () => {
    const together = await NativeClient.connect(server.port);
    together.write('\r\n\n{"type":"hello","version":1,"nick":"blank1"}\n');
    await together.waitFor((f) => f.type === 'welcome', WAIT, 'welcome');
    const apart = await NativeClient.connect(server.port);
    apart.write('\n');
    await new Promise((r) => setTimeout(r, 50)); // a separate read is likely, not required
    apart.write('{"type":"hello","version":1,"nick":"blank2"}\n');
    await apart.waitFor((f) => f.type === 'welcome', WAIT, 'welcome');
    // A ping after the hello: its pong comes after any error the blank lines could have caused.
    for (const c of [together, apart]) {
      c.send({ type: 'ping', ref: 'after' });
      await c.waitFor((f) => f.type === 'pong', WAIT, 'pong');
      expect(c.frames.items.filter((f) => f.type === 'error')).toEqual([]);
    }
  });
});
