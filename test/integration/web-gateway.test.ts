import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject, Subscription } from 'rxjs';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { chatServer$, type ChatServerOptions, type ServerNotice } from '../../streams/chat-server.js';
import { webListener } from '../../streams/web/web-listener.js';
import { Collector } from '../helpers/collector.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { withTimeout } from '../helpers/processes.js';
import { testServerOptions } from '../helpers/server-options.js';
import type { ServerFrame } from '../../src/protocol.js';
import { closeAllWsClients, WsClient } from '../helpers/ws-client.js';

/** [WS] The gateway with raw WebSocket clients, beside native and original-protocol TCP clients. */
const WAIT = 5_000;
const root = mkdtempSync(join(tmpdir(), 'rxchat-web-'));
const outside = mkdtempSync(join(tmpdir(), 'rxchat-outside-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>rxchat</title>');
writeFileSync(join(root, 'app.js'), 'export {};');
writeFileSync(join(root, 'notes.txt'), 'not a page file');
mkdirSync(join(root, 'sub'));
writeFileSync(join(root, 'sub', 'index.html'), '<p>sub</p>');
writeFileSync(join(outside, 'secret.js'), 'secret');
symlinkSync(join(outside, 'secret.js'), join(root, 'escape.js'));
const running: Subscription[] = [];

afterEach(async () => {
  running.splice(0).forEach((s) => s.unsubscribe());
  await closeAllWsClients();
  await closeAllClients();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

async function start(extra: Partial<ChatServerOptions> = {}, web: { origins?: string[]; pingIntervalMs?: number; lingerMs?: number } = {}) {
  const notices = new Collector<ServerNotice>();
  const options = { ...testServerOptions, maxFrameBytes: 1024, ...extra };
  const listener = webListener({ host: '127.0.0.1', port: 0, root, origins: web.origins ?? [], maxFrameBytes: options.maxFrameBytes, ...(web.pingIntervalMs ? { pingIntervalMs: web.pingIntervalMs } : {}), ...(web.lingerMs ? { lingerMs: web.lingerMs } : {}) });
  running.push(chatServer$({ ...options, listeners: [listener] }, new Subject<string>()).subscribe((n) => notices.push(n)));
  const portOf = async (protocol: string | undefined) => {
    const n = await notices.waitFor((x) => x.type === 'listening' && x.protocol === protocol, WAIT, `listening ${protocol ?? 'main'}`);
    return (n as Extract<ServerNotice, { type: 'listening' }>).address.port;
  };
  return { tcp: await portOf(undefined), web: await portOf('websocket') };
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return withTimeout(new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  }), WAIT, `GET ${path}`);
}

/** An original-protocol client: its nickname as the first packet, then lines. */
async function legacy(port: number, nick: string) {
  const lines = new Collector<string>();
  const socket = connect({ host: '127.0.0.1', port });
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
    const parts = text.split('\n');
    text = parts.pop()!;
    parts.forEach((p) => lines.push(p));
    if (text === 'TRUE') text = '';
  });
  await withTimeout(new Promise((resolve) => socket.once('connect', resolve)), WAIT, 'legacy connect');
  socket.write(nick);
  running.push(new Subscription(() => socket.destroy()));
  return { lines, say: (t: string) => socket.write(`${t}\n`) };
}

describe('[WS] the WebSocket gateway', () => {
  test('a WebSocket member chats with a native TCP member and an original-protocol member, both ways', async () => {
    const { tcp, web } = await start();
    const wsAlice = await WsClient.join(web, 'alice');
    const bob = await NativeClient.join(tcp, 'bob');
    const py = await legacy(tcp, 'pyuser');
    await wsAlice.waitFor(is.joined('pyuser'), WAIT, 'pyuser joined');
    wsAlice.send({ type: 'say', text: 'hello from the browser' });
    await bob.waitFor(is.message('alice', 'hello from the browser'), WAIT, 'the ws message on tcp');
    await py.lines.waitFor((l) => l === 'alice: hello from the browser', WAIT, 'the ws message on legacy');
    bob.send({ type: 'say', text: 'hello from tcp' });
    await wsAlice.waitFor(is.message('bob', 'hello from tcp'), WAIT, 'the tcp message on ws');
    py.say('hello from python');
    await wsAlice.waitFor(is.message('pyuser', 'hello from python'), WAIT, 'the legacy message on ws');
  });

  test('[FRAME-MAX] a message over the frame limit closes that connection alone (1009); the room sees it leave', async () => {
    const { web } = await start();
    const bob = await WsClient.join(web, 'bob');
    const eve = await WsClient.join(web, 'eve');
    eve.ws.send(JSON.stringify({ type: 'say', text: 'x'.repeat(2000) }));
    expect(await eve.waitClosed(WAIT)).toBe(1009);
    await bob.waitFor(is.left('eve'), WAIT, 'eve left');
    bob.send({ type: 'say', text: 'still here' });
    await bob.waitFor((f) => f.type === 'ack', WAIT, 'the ack');
  });

  test('[WS-MESSAGE] a binary message and bad JSON are refused in words; the connection stays', async () => {
    const { web } = await start();
    const eve = await WsClient.join(web, 'eve');
    eve.ws.send(Buffer.from('{"type":"say","text":"hi"}'), { binary: true });
    const binary = await eve.waitFor(is.error('BAD_FRAME'), WAIT, 'the binary refusal');
    expect(binary).toMatchObject({ fatal: false, message: expect.stringContaining('binary') });
    eve.ws.send('{"type": "say", "text": ');
    expect(await eve.waitFor(is.error('BAD_JSON'), WAIT, 'the JSON refusal')).toMatchObject({ fatal: false });
    // A frame that spans lines is still one message: no LF framing inside WebSocket.
    eve.ws.send('{\n"type": "say",\n"text": "multi-line json"\n}');
    await eve.waitFor((f) => f.type === 'ack', WAIT, 'the ack of the multi-line frame');
  });

  test('[FLOOD] flood control applies as on TCP', async () => {
    const { web } = await start({ floodBurst: 2, floodRate: 1 });
    const eve = await WsClient.join(web, 'eve');
    for (let i = 0; i < 5; i++) eve.send({ type: 'say', text: `flood ${i}` });
    await eve.waitFor(is.error('RATE_LIMITED'), WAIT, 'a rate limit');
  });

  test('[SLOW-BYTES] a WebSocket client that never reads is dropped as a slow consumer; the others get everything', async () => {
    const { tcp, web } = await start({ maxQueuedBytes: 65_536, drainTimeoutMs: 3_000, floodRate: 0, maxFrameBytes: 16_384 });
    const sloth = await WsClient.join(web, 'sloth');
    const bob = await NativeClient.join(tcp, 'bob');
    const carol = await WsClient.join(web, 'carol');
    sloth.ws.pause(); // never reads again: the kernel buffers fill, then bufferedAmount grows
    // bob sends ~12 MB: far more than the socket buffers hold.
    const count = 3000;
    const text = (i: number) => `${String(i).padStart(5, '0')} ${'z'.repeat(3990)}`;
    // In writes of 50 messages with a turn between them: a reader that keeps up (carol, read by this
    // test process, which is busy too) is never handed megabytes in one turn, while sloth, which
    // reads nothing of the ~12 MB, passes the bounds by far.
    for (let first = 0; first < count; first += 50) {
      bob.write(Array.from({ length: 50 }, (_, i) => JSON.stringify({ type: 'say', text: text(first + i) })).join('\n') + '\n');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await carol.waitFor(is.left('sloth', 'slow-consumer'), 30_000, 'sloth dropped as a slow consumer');
    await carol.waitFor(is.message('bob', text(count - 1)), 30_000, 'the last message at carol');
    const seen = carol.frames.items.filter((f) => f.type === 'message' && f.from === 'bob');
    expect(seen.map((f) => (f as { text: string }).text)).toEqual(Array.from({ length: count }, (_, i) => text(i)));
  }, 60_000);

  test('[WS-PING] a peer that never answers WebSocket pings is cut', async () => {
    const { web } = await start({}, { pingIntervalMs: 100 });
    const bob = await WsClient.join(web, 'bob');
    const dead = await WsClient.connect(web, { autoPong: false });
    dead.send({ type: 'hello', version: 1, nick: 'dead' });
    await bob.waitFor(is.joined('dead'), WAIT, 'dead joined');
    await dead.waitClosed(WAIT);
    await bob.waitFor(is.left('dead'), WAIT, 'dead left');
    expect(bob.ws.readyState).toBe(bob.ws.OPEN);
  });

  test('[WS-LINGER] a page that goes away (1001) and resumes meanwhile is never seen to leave; one that does not come back leaves after the linger', async () => {
    const { tcp, web } = await start({}, { lingerMs: 500 });
    const bob = await NativeClient.join(tcp, 'bob');
    const alice = await WsClient.join(web, 'alice');
    await bob.waitFor(is.joined('alice'), WAIT, 'alice joined');
    const { resume } = (await alice.waitFor((f) => f.type === 'welcome', WAIT)) as Extract<ServerFrame, { type: 'welcome' }>;
    const before = bob.frames.items.length;
    alice.ws.close(1001, 'reload');
    await alice.waitClosed(WAIT);
    const back = await WsClient.connect(web);
    back.send({ type: 'hello', version: 1, nick: 'alice', resume: resume! });
    expect(await back.waitFor((f) => f.type === 'welcome', WAIT, 'the welcome back')).toMatchObject({ resumed: true });
    back.send({ type: 'say', text: 'still here' });
    await bob.waitFor(is.message('alice', 'still here'), WAIT, 'the message after the resume');
    expect(bob.frames.items.slice(before).filter((f) => f.type === 'left' || f.type === 'joined')).toEqual([]);
    // Gone for good: told once the linger is over.
    back.ws.close(1001);
    await bob.waitFor(is.left('alice', 'disconnected'), WAIT, 'alice leaving after the linger');
  });

  test('1,000 WebSocket connects are all served, then a member joins as usual', async () => {
    const { web } = await start({ maxPerAddress: 2_000, maxConnections: 2_000 });
    const clients: WsClient[] = [];
    for (let batch = 0; batch < 10; batch++) {
      clients.push(...(await Promise.all(Array.from({ length: 100 }, () => WsClient.connect(web, {}, 10_000)))));
    }
    clients.forEach((c, i) => c.send({ type: 'ping', ref: `p${i}` }));
    await Promise.all(clients.map((c, i) => c.waitFor((f) => f.type === 'pong' && f.ref === `p${i}`, 15_000, `pong ${i}`)));
    await WsClient.join(web, 'late');
  }, 60_000);

  test('[WS-ORIGIN] another site is refused (403); the page\'s own origin and listed origins are let in', async () => {
    const { web } = await start();
    await expect(WsClient.connect(web, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await WsClient.connect(web, { origin: `http://127.0.0.1:${web}` });
    const listed = await start({}, { origins: ['https://chat.example.org'] });
    await WsClient.connect(listed.web, { origin: 'https://chat.example.org' });
    await expect(WsClient.connect(listed.web, { origin: `http://127.0.0.1:${listed.web}` })).rejects.toThrow(/403/);
  });
});

describe('[WEB-STATIC] the page\'s files', () => {
  test('served with their content type, Cache-Control and a strict CSP', async () => {
    const { web } = await start();
    const page = await get(web, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>rxchat</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await get(web, '/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=3600');
    expect((await get(web, '/sub/')).body).toBe('<p>sub</p>');
  });

  test('nothing outside the folder: traversal, encoded traversal, a symlink out, a NUL, an unlisted type', async () => {
    const { web } = await start();
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/sub/..%2f..%2f..%2fetc/hosts', '/escape.js', '/app.js%00.html', '/notes.txt', '/..\\..\\etc\\passwd', '/nope.js']) {
      const res = await get(web, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).not.toContain('secret');
    }
    // A raw request line, not normalised by any client library.
    const raw = await withTimeout(new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: web }, () => socket.end('GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => (text += c));
      socket.on('close', () => resolve(text));
    }), WAIT, 'a raw request');
    expect(raw).toMatch(/^HTTP\/1\.1 404/);
    expect((await get(web, '/', {}, 'POST')).status).toBe(405);
    expect((await get(web, '/ws')).status).toBe(404);
  });
});
