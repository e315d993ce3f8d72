import { connect } from 'node:net';
import { Subject, type Subscription } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { chatServer$, type ServerNotice } from '../../streams/chat-server.js';
import { Collector } from '../helpers/collector.js';
import { closeAllClients, is, NativeClient } from '../helpers/native-client.js';
import { withTimeout } from '../helpers/processes.js';
import { testServerOptions } from '../helpers/server-options.js';

/** `chatServer$` in this process: teardown is unsubscription, shutdown is a value on `shutdown$`. */
const WAIT = 5_000;
const options = testServerOptions;
const running: Subscription[] = [];

afterEach(async () => {
  running.splice(0).forEach((s) => s.unsubscribe());
  await closeAllClients();
});

async function start() {
  const shutdown$ = new Subject<string>();
  const notices = new Collector<ServerNotice>();
  let completed = false;
  const subscription = chatServer$(options, shutdown$).subscribe({
    next: (n) => notices.push(n),
    complete: () => {
      completed = true;
      notices.end();
    },
  });
  running.push(subscription);
  const listening = await notices.waitFor((n) => n.type === 'listening', WAIT, 'listening');
  const port = (listening as Extract<ServerNotice, { type: 'listening' }>).address.port;
  return { port, shutdown$, notices, subscription, completed: () => completed };
}

function refused(port: number): Promise<boolean> {
  return withTimeout(new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  }), WAIT, 'a connection attempt');
}

describe('chatServer$ in process', () => {
  test('a value on shutdown$: bye to everyone, then the stream completes and the port is closed', async () => {
    const server = await start();
    const alice = await NativeClient.join(server.port, 'alice');
    const bob = await NativeClient.join(server.port, 'bob');
    alice.send({ type: 'say', text: 'before the end' });
    await bob.waitFor(is.message('alice', 'before the end'), WAIT, 'the message');
    server.shutdown$.next('maintenance');
    for (const c of [alice, bob]) {
      expect(await c.waitFor((f) => f.type === 'bye', WAIT, 'bye')).toEqual({ type: 'bye', reason: 'maintenance', code: 'shutdown' });
      await c.waitClosed(WAIT);
    }
    await withTimeout(new Promise<void>((resolve) => server.subscription.add(resolve)), WAIT, 'completion');
    expect(server.completed()).toBe(true);
    expect(await refused(server.port)).toBe(true);
  });

  test('unsubscribing tears everything down at once: connections closed, port closed', async () => {
    const server = await start();
    const alice = await NativeClient.join(server.port, 'alice');
    server.subscription.unsubscribe();
    await alice.waitClosed(WAIT);
    expect(alice.frames.items.some((f) => f.type === 'bye')).toBe(false);
    expect(await refused(server.port)).toBe(true);
  });
});
