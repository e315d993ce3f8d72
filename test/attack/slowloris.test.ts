import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient, type WireClient } from './helpers/wire-client.js';

/**
 * Slowloris against the real program, with short timeouts: a connection that never finishes a
 * line, never says hello, or stops answering pings is closed with its documented code
 * ([HANDSHAKE-TIMEOUT], [IDLE]); an honest client that answers pings stays as long as it likes.
 */

const HANDSHAKE_MS = 400;
const IDLE_MS = 400;
const PONG_MS = 400;

let server: Served;
beforeAll(async () => {
  server = await spawnServer([
    '--handshake-timeout', String(HANDSHAKE_MS), '--idle-timeout', String(IDLE_MS), '--pong-timeout', String(PONG_MS),
  ]);
});
afterAll(() => server.kill());
afterEach(closeAllClients);

/** Writes one byte of `text` every `everyMs` (cycling forever) until the connection closes; resolves with bytes sent. */
async function trickle(client: WireClient, text: string, everyMs: number): Promise<number> {
  let sent = 0;
  while (!client.isClosed) {
    client.write(text[sent % text.length]!);
    sent++;
    await Promise.race([new Promise((r) => setTimeout(r, everyMs)), client.closed]);
  }
  return sent;
}

describe('[HANDSHAKE-TIMEOUT] connections that never get registered', () => {
  test('a connection that never says anything: HANDSHAKE_TIMEOUT (fatal), then closed', async () => {
    const silent = await connectClient(server.port);
    await silent.waitClosed('silent connection', 10 * HANDSHAKE_MS);
    expect(silent.errors()).toEqual([expect.objectContaining({ code: 'HANDSHAKE_TIMEOUT', fatal: true })]);
  });

  test('a hello trickled a byte at a time, never a full line: closed by the handshake timeout', async () => {
    const loris = await connectClient(server.port);
    const sent = trickle(loris, '{"type":"hello","version":1,"nick":"loris" ', 20);
    await loris.waitClosed('trickling connection', 10 * HANDSHAKE_MS);
    expect(await sent).toBeGreaterThan(3);
    expect(loris.errors()).toEqual([expect.objectContaining({ code: 'HANDSHAKE_TIMEOUT', fatal: true })]);
  });

  test('endless refused hellos (a nickname that is taken) do not extend the handshake', async () => {
    const owner = await connectClient(server.port);
    await owner.hello('taken');
    const pest = await connectClient(server.port);
    const pester = (async () => {
      while (!pest.isClosed) {
        pest.send({ type: 'hello', version: 1, nick: 'taken' });
        await Promise.race([new Promise((r) => setTimeout(r, 50)), pest.closed]);
      }
    })();
    await pest.waitClosed('pest', 10 * HANDSHAKE_MS);
    await pester;
    expect(pest.errors('NICK_TAKEN').length).toBeGreaterThan(0);
    expect(pest.errors('HANDSHAKE_TIMEOUT')).toHaveLength(1);
    expect(owner.isClosed).toBe(false);
  });

  test('pongs nobody asked for neither register nor keep an unregistered connection alive', async () => {
    const ponger = await connectClient(server.port);
    const pong = (async () => {
      while (!ponger.isClosed) {
        ponger.write('{"type":"pong","ref":"unasked"}\n');
        await Promise.race([new Promise((r) => setTimeout(r, 30)), ponger.closed]);
      }
    })();
    await ponger.waitClosed('pong-only connection', 10 * HANDSHAKE_MS);
    await pong;
    expect(ponger.errors()).toEqual([expect.objectContaining({ code: 'HANDSHAKE_TIMEOUT' })]);
  });

  test('a registered legacy (original protocol) client is cut by neither the handshake nor the idle timeout', async () => {
    const watcher = await connectClient(server.port);
    await watcher.hello('watcher2');
    const legacy = await connectClient(server.port, { answerPings: false });
    legacy.write('oldie2');
    await watcher.waitFor((f) => f.type === 'joined' && f['nick'] === 'oldie2', 'oldie2 joined');
    // Outlive the handshake deadline and a whole idle period plus the pong deadline.
    await watcher.waitFor(() => watcher.frames.filter((f) => f.type === 'ping').length >= 4, 'four pings to the watcher', 20 * IDLE_MS);
    expect(legacy.isClosed).toBe(false);
    expect(legacy.lines.join('\n')).not.toMatch(/error/);
    legacy.write('still here\n');
    await watcher.waitFor((f) => f.type === 'message' && f['from'] === 'oldie2', 'the legacy line');
  });

  test('a welcomed client is not cut by the handshake timeout', async () => {
    const quick = await connectClient(server.port);
    await quick.hello('quick');
    // It answers pings, so it outlives the handshake deadline (two idle periods are longer).
    await quick.waitFor(() => quick.frames.filter((f) => f.type === 'ping').length >= 2, 'two server pings', 10 * IDLE_MS);
    await quick.say('still here', 'q1');
    expect(quick.errors()).toEqual([]);
  });
});

describe('[IDLE] server pings and the pong deadline', () => {
  test('an honest client that answers pings stays through several idle periods', async () => {
    const steady = await connectClient(server.port);
    await steady.hello('steady');
    await steady.waitFor((f) => steady.frames.filter((x) => x.type === 'ping').length >= 3, 'three pings', 20 * IDLE_MS);
    expect(steady.isClosed).toBe(false);
    await steady.say('alive', 's1');
  });

  test('a registered client that stops answering: ping, then IDLE_TIMEOUT, closed, announced as timeout', async () => {
    const watcher = await connectClient(server.port);
    await watcher.hello('watcher');
    const mute = await connectClient(server.port, { answerPings: false });
    await mute.hello('mute');
    const ping = await mute.waitFor((f) => f.type === 'ping', 'a ping', 10 * IDLE_MS);
    expect(typeof ping['ref']).toBe('string');
    await mute.waitClosed('unanswering client', 10 * (IDLE_MS + PONG_MS));
    expect(mute.errors()).toEqual([expect.objectContaining({ code: 'IDLE_TIMEOUT', fatal: true })]);
    const left = await watcher.waitFor((f) => f.type === 'left' && f['nick'] === 'mute', 'mute left');
    expect(left['reason']).toBe('timeout');
  });

  test('a registered client trickling bytes that never make a line is idle all the same', async () => {
    const loris = await connectClient(server.port, { answerPings: false });
    await loris.hello('loris2');
    const sent = trickle(loris, '{"type":"say","text":"', 25);
    await loris.waitClosed('trickling member', 10 * (IDLE_MS + PONG_MS));
    expect(await sent).toBeGreaterThan(10);
    expect(loris.errors()).toEqual([expect.objectContaining({ code: 'IDLE_TIMEOUT' })]);
  });

  test('the server is up and others were never disturbed', async () => {
    const a = await connectClient(server.port);
    await a.hello('after');
    await a.say('fine', 'f');
    expect(server.alive).toBe(true);
  });
});
