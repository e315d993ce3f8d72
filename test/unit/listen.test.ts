import { connect, type Socket } from 'node:net';
import type { Subscription } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { listen$, type ListenItem } from '../../streams/listen.js';
import { Collector } from '../helpers/collector.js';
import { withTimeout } from '../helpers/processes.js';

const WAIT = 5_000;
const subs: Subscription[] = [];
const sockets: Socket[] = [];

afterEach(() => {
  subs.splice(0).forEach((s) => s.unsubscribe());
  sockets.splice(0).forEach((s) => s.destroy());
});

function listen(port = 0) {
  const items = new Collector<ListenItem>();
  const errors = new Collector<NodeJS.ErrnoException>();
  subs.push(listen$('127.0.0.1', port).subscribe({ next: (i) => items.push(i), error: (e: NodeJS.ErrnoException) => errors.push(e) }));
  return { items, errors };
}

function dial(port: number): Promise<Socket | NodeJS.ErrnoException> {
  return withTimeout(new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('error', resolve);
  }), WAIT, 'a connection attempt');
}

describe('listen$', () => {
  test('listening first with the bound port, then each accepted socket; unsubscribing stops accepting', async () => {
    const { items } = listen();
    const first = await items.waitFor((i) => i.kind === 'listening', WAIT, 'listening');
    const port = (first as Extract<ListenItem, { kind: 'listening' }>).address.port;
    expect(port).toBeGreaterThan(0);
    await dial(port);
    await dial(port);
    const accepted = await items.waitForCount((i) => i.kind === 'socket', 2, WAIT, 'sockets');
    expect(items.items[0]!.kind).toBe('listening');
    subs.splice(0).forEach((s) => s.unsubscribe());
    // Accepted sockets are their subscribers' to close: still open after the listener is gone.
    expect(accepted.every((i) => !(i as Extract<ListenItem, { kind: 'socket' }>).socket.destroyed)).toBe(true);
    accepted.forEach((i) => (i as Extract<ListenItem, { kind: 'socket' }>).socket.destroy());
    expect(((await dial(port)) as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  test('an address in use is the stream error', async () => {
    const { items } = listen();
    const first = await items.waitFor((i) => i.kind === 'listening', WAIT, 'listening');
    const port = (first as Extract<ListenItem, { kind: 'listening' }>).address.port;
    const second = listen(port);
    const error = await second.errors.waitFor(() => true, WAIT, 'the error');
    expect(error.code).toBe('EADDRINUSE');
    expect(second.items.items).toEqual([]);
  });
});
