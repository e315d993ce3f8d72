import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { Subject, Subscription } from 'rxjs';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { chatServer$, type ChatServerOptions, type ServerNotice } from '../../streams/chat-server.js';
import type { TlsMaterial } from '../../streams/listen.js';
import { webListener } from '../../streams/web/web-listener.js';
import { Collector } from '../helpers/collector.js';
import { is } from '../helpers/native-client.js';
import { killAll, spawnChild } from '../helpers/processes.js';
import { testServerOptions } from '../helpers/server-options.js';
import { closeAllWsClients, WsClient } from '../helpers/ws-client.js';

/**
 * [SLOW-BYTES] on WebSocket as on TCP, over plain sockets and TLS: a reader that keeps up is never
 * dropped for the size of one turn (here the ~1 MB of history replayed on joining, past 8 x the bound
 * of 64 KiB),
 * while a reader that never reads still is. The readers that keep up run in processes of their own,
 * so they read while the server writes.
 */
const WAIT = 20_000;
const READER = fileURLToPath(new URL('../fixtures/history-reader.mjs', import.meta.url));
const BOUND = 65_536;
const STORED = 128;
const text = (i: number) => `${String(i).padStart(5, '0')} ${'h'.repeat(8_000)}`;
const dir = mkdtempSync(join(tmpdir(), 'rxchat-ws-slow-'));
const running: Subscription[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  running.splice(0).forEach((s) => s.unsubscribe());
  sockets.splice(0).forEach((s) => s.destroy());
  await closeAllWsClients();
  await killAll();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function certificate(): TlsMaterial {
  const cert = join(dir, 'c.pem');
  const key = join(dir, 'k.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore', timeout: 20_000 });
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8'), handshakeTimeoutMs: 5_000 };
}

async function start(tls: TlsMaterial | undefined) {
  const notices = new Collector<ServerNotice>();
  const options: ChatServerOptions = {
    ...testServerOptions, maxQueuedBytes: BOUND, drainTimeoutMs: 10_000, floodRate: 0, maxTextLength: 8_100, historyLimit: STORED,
    ...(tls ? { tls } : {}),
  };
  const web = webListener({ host: '127.0.0.1', port: 0, root: dir, origins: [], maxFrameBytes: options.maxFrameBytes, ...(tls ? { tls } : {}) });
  running.push(chatServer$({ ...options, listeners: [web] }, new Subject<string>()).subscribe((n) => notices.push(n)));
  const portOf = async (protocol: string | undefined) => {
    const n = await notices.waitFor((x) => x.type === 'listening' && x.protocol === protocol, WAIT, `listening ${protocol ?? 'main'}`);
    return (n as Extract<ServerNotice, { type: 'listening' }>).address.port;
  };
  return { tcp: await portOf(undefined), web: await portOf('websocket') };
}

/** bob fills #lobby's history with STORED messages of ~8 KB, a few per turn, and waits for the last ack. */
async function fillHistory(port: number, secure: boolean): Promise<void> {
  const bob = secure ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : netConnect({ host: '127.0.0.1', port });
  sockets.push(bob);
  const acks = new Collector<string>();
  let carry = '';
  bob.setEncoding('utf8');
  bob.on('data', (chunk: string) => {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    lines.filter((l) => l.includes('"ack"')).forEach((l) => acks.push(l));
  });
  bob.write(JSON.stringify({ type: 'hello', version: 1, nick: 'bob' }) + '\n');
  for (let first = 0; first < STORED; first += 20) {
    bob.write(Array.from({ length: 20 }, (_, i) => JSON.stringify({ type: 'say', text: text(first + i), ref: `r${first + i}` })).join('\n') + '\n');
    await new Promise((resolve) => setImmediate(resolve));
  }
  await acks.waitFor((l) => l.includes(`"r${STORED - 1}"`), WAIT, 'the last ack');
}

describe('[SLOW-BYTES] one big turn on WebSocket and TCP', () => {
  for (const secure of [false, true]) {
    test(`${secure ? 'TLS' : 'plain'}: readers that keep up get a turn of 8 x the bound and more; one that never reads is dropped`, async () => {
      const tls = secure ? certificate() : undefined;
      const { tcp, web } = await start(tls);
      await fillHistory(tcp, secure);
      const scheme = secure ? 'wss' : 'ws';
      const carol = await WsClient.join(web, 'carol', WAIT, scheme);
      const readers = [spawnChild(process.execPath, [READER, scheme, String(web), 'wendy', String(STORED)]), spawnChild(process.execPath, [READER, secure ? 'tls' : 'tcp', String(tcp), 'tess', String(STORED)])];
      const ends = await Promise.all(readers.map((r) => r.exit(WAIT)));
      expect(readers.map((r) => r.stdout.items.join(' '))).toEqual([`got ${STORED}`, `got ${STORED}`]);
      expect(ends.map((e) => e.code)).toEqual([0, 0]);
      expect(STORED * text(0).length).toBeGreaterThan(8 * BOUND);
      // sloth never reads: the history it asks for fills its socket, the next answer finds it behind.
      const sloth = await WsClient.join(web, 'sloth', WAIT, scheme);
      sloth.ws.pause();
      for (let ask = 0; ask < 20 && sloth.ws.readyState === sloth.ws.OPEN; ask++) {
        sloth.send({ type: 'history', room: '#lobby', limit: STORED });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await carol.waitFor(is.left('sloth', 'slow-consumer'), WAIT, 'sloth dropped as a slow consumer');
      const dropped = carol.frames.items.filter((f) => f.type === 'left' && f.reason === 'slow-consumer');
      expect(dropped.map((f) => (f as { nick: string }).nick)).toEqual(['sloth']);
    }, 60_000);
  }
});
