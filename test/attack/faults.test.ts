import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { merge, Subscription } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState } from '../../src/room-state.js';
import { createLink, type Link } from '../../streams/connection-link.js';
import { createEffectRouter } from '../../streams/effect-router.js';
import { createMemoryRoomStore } from '../../streams/room-store.js';
import { MAIN_JS, spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient } from './helpers/wire-client.js';

/**
 * Faults: a peer that vanishes is found and announced; an error inside one connection's pipeline
 * ends that connection alone.
 */

let server: Served | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  closeAllClients();
  cleanups.splice(0).forEach((fn) => fn());
  await server?.kill();
  server = undefined;
});

describe('a client that vanishes is announced left', () => {
  test.each([
    ['destroyed (FIN)', (s: Socket) => s.destroy()],
    ['reset (RST)', (s: Socket) => s.resetAndDestroy()],
    ['half-closed (end, no quit)', (s: Socket) => s.end()],
  ] as const)('%s', async (_name, vanish) => {
    server ??= await spawnServer();
    const watcher = await connectClient(server.port);
    await watcher.hello('watcher');
    const ghost = await connectClient(server.port);
    await ghost.hello('ghost');
    vanish(ghost.socket);
    const left = await watcher.waitFor((f) => f.type === 'left' && f['nick'] === 'ghost', 'ghost left');
    expect(left['reason']).toBe('disconnected');
    // The nickname is free again: nothing of the ghost remains registered.
    const again = await connectClient(server.port);
    await again.hello('ghost');
  });

  test('a killed client process (SIGKILL, the real `rxchat join --plain`)', async () => {
    server = await spawnServer();
    const watcher = await connectClient(server.port);
    await watcher.hello('watcher');
    const child = spawn(process.execPath, [MAIN_JS, 'join', '--plain', '--nick', 'doomed', '--port', String(server.port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    cleanups.push(() => child.kill('SIGKILL'));
    await watcher.waitFor((f) => f.type === 'joined' && f['nick'] === 'doomed', 'doomed joined');
    child.kill('SIGKILL');
    await exited;
    const left = await watcher.waitFor((f) => f.type === 'left' && f['nick'] === 'doomed', 'doomed left');
    expect(left['reason']).toBe('disconnected');
    expect(server.alive).toBe(true);
  });
});

/** A socket in memory: what the server writes is kept as lines; `emit('data', x)` feeds it anything. */
class MemorySocket extends EventEmitter {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort: number;
  writableLength = 0;
  destroyed = false;
  written = '';
  constructor(port: number) {
    super();
    this.remotePort = port;
  }
  write(chunk: Uint8Array): boolean {
    this.written += Buffer.from(chunk).toString('utf8');
    return true;
  }
  end(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
  frames(): Record<string, unknown>[] {
    return this.written.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  say(frame: object): void {
    this.emit('data', Buffer.from(JSON.stringify(frame) + '\n'));
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('one connection\'s error is contained to it', () => {
  test('a chunk that makes the framing throw ends that connection alone; the room goes on', async () => {
    // The server's own wiring (links, the room store, the effect router), on in-memory sockets.
    const options = { ...defaultRoomOptions, floodRate: 0 };
    const linkOptions = {
      maxFrameBytes: 1024, handshakeTimeoutMs: 60_000, idleTimeoutMs: 60_000, pongTimeoutMs: 60_000, now: Date.now,
      maxQueuedBytes: 1 << 20, drainTimeoutMs: 5_000, closeTimeoutMs: 1_000,
    };
    const links = new Map<ConnId, Link>();
    const sockets = [1, 2, 3].map((i) => new MemorySocket(40000 + i));
    const events: RoomEvent[] = [];
    const streams = sockets.map((socket, i) => {
      const { link, events$ } = createLink(socket as unknown as Socket, i + 1, linkOptions);
      links.set(i + 1, link);
      return events$;
    });
    const store = createMemoryRoomStore(createRoomReducer(options), initialRoomState);
    const route = createEffectRouter(links, () => undefined);
    const errors: unknown[] = [];
    const sub = new Subscription();
    sub.add(merge(...streams).pipe(store.fold).subscribe({ next: (step) => route(step), error: (e: unknown) => errors.push(e) }));
    sub.add(merge(...streams).subscribe((e) => events.push(e)));
    cleanups.push(() => sub.unsubscribe());
    const [alice, bad, bob] = sockets as [MemorySocket, MemorySocket, MemorySocket];
    alice.say({ type: 'hello', version: 1, nick: 'alice' });
    bad.say({ type: 'hello', version: 1, nick: 'bad' });
    bob.say({ type: 'hello', version: 1, nick: 'bob' });
    await turn();

    // Not a Buffer: sniffing it throws inside the framing operator.
    bad.emit('data', null);
    await turn();
    expect(bad.destroyed).toBe(true);
    expect(events.filter((e) => e.type === 'conn/closed').map((e) => e.conn)).toEqual([2]);

    alice.say({ type: 'say', text: 'still here?', ref: 'a1' });
    await turn();
    expect(errors).toEqual([]);
    expect(alice.destroyed || bob.destroyed).toBe(false);
    expect(bob.frames()).toContainEqual(expect.objectContaining({ type: 'left', nick: 'bad', reason: 'disconnected' }));
    expect(bob.frames()).toContainEqual(expect.objectContaining({ type: 'message', from: 'alice', text: 'still here?' }));
    expect(alice.frames()).toContainEqual(expect.objectContaining({ type: 'ack', ref: 'a1' }));
  });

  test('a socket error (EPIPE, ECONNRESET) ends that connection as closed, with the cause', async () => {
    const socket = new MemorySocket(40100);
    const { events$ } = createLink(socket as unknown as Socket, 7, {
      maxFrameBytes: 1024, handshakeTimeoutMs: 60_000, idleTimeoutMs: 60_000, pongTimeoutMs: 60_000, now: Date.now,
      maxQueuedBytes: 1 << 20, drainTimeoutMs: 5_000, closeTimeoutMs: 1_000,
    });
    const seen: RoomEvent[] = [];
    let completed = false;
    const sub = events$.subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });
    cleanups.push(() => sub.unsubscribe());
    socket.emit('error', Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await turn();
    expect(seen.map((e) => e.type)).toEqual(['conn/opened', 'conn/closed']);
    expect(seen[1]).toMatchObject({ cause: 'ECONNRESET' });
    expect(completed).toBe(true);
    expect(socket.destroyed).toBe(true);
    expect(socket.listenerCount('data') + socket.listenerCount('error') + socket.listenerCount('close')).toBe(0);
  });
});
