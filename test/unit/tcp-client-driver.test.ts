import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import type { ClientFrame } from '../../src/protocol.js';
import { makeTcpClientDriver, type ClientInbound } from '../../streams/tcp-client-driver.js';
import { collectLines, Collector } from '../helpers/collector.js';
import { withTimeout } from '../helpers/processes.js';

/** The client's connection driver against a scripted peer on 127.0.0.1 (one loopback test per behaviour). */
const WAIT = 5_000;
const servers: Server[] = [];
const peers: Socket[] = [];

afterEach(async () => {
  peers.splice(0).forEach((s) => s.destroy());
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function peer(): Promise<{ port: number; accepted: Promise<Socket> }> {
  const server = createServer();
  servers.push(server);
  const accepted = new Promise<Socket>((resolve) => server.once('connection', (s: Socket) => {
    peers.push(s);
    resolve(s);
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, accepted };
}

function drive(port: number, maxFrameBytes = 1024) {
  const outgoing = new Subject<ClientFrame>();
  const inbound = new Collector<ClientInbound>();
  const errors: unknown[] = [];
  const subscription = makeTcpClientDriver({ maxFrameBytes })(outgoing, { host: '127.0.0.1', port }).subscribe({
    next: (i) => inbound.push(i),
    error: (e: unknown) => {
      errors.push(e);
      inbound.end();
    },
    complete: () => inbound.end(),
  });
  return { outgoing, inbound, errors, subscription };
}

describe('makeTcpClientDriver', () => {
  test('connected first, then frames and bad frames as they come, disconnected last; outgoing frames are lines', async () => {
    const { port, accepted } = await peer();
    const client = drive(port, 64);
    await client.inbound.waitFor((i) => i.type === 'connected', WAIT, 'connected');
    const socket = await withTimeout(accepted, WAIT, 'the connection');
    const written = collectLines(socket);
    client.outgoing.next({ type: 'hello', version: 1, nick: 'alice' });
    expect(JSON.parse(await written.waitFor(() => true, WAIT, 'a line'))).toEqual({ type: 'hello', version: 1, nick: 'alice' });

    socket.write('{"type":"bye","reason":"go"}\n{oops\n' + 'x'.repeat(100) + '\n');
    socket.end();
    await client.inbound.waitFor((i) => i.type === 'disconnected', WAIT, 'disconnected');
    await withTimeout(new Promise<void>((resolve) => client.subscription.add(resolve)), WAIT, 'completion');
    expect(client.inbound.items).toEqual([
      { type: 'connected' },
      { type: 'frame', frame: { type: 'bye', reason: 'go' } },
      expect.objectContaining({ type: 'bad-frame', code: 'BAD_JSON' }),
      expect.objectContaining({ type: 'bad-frame', code: 'FRAME_TOO_LARGE' }),
      { type: 'disconnected', cause: 'closed by server' },
    ]);
    expect(client.errors).toEqual([]);
  });

  test('a refused connection is an error, not a disconnection', async () => {
    const { port } = await peer();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    const client = drive(port);
    await withTimeout(new Promise<void>((resolve) => client.subscription.add(resolve)), WAIT, 'the error');
    expect(client.inbound.items).toEqual([]);
    expect(client.errors).toEqual([expect.objectContaining({ code: 'ECONNREFUSED' })]);
  });

  test('unsubscribing closes the socket', async () => {
    const { port, accepted } = await peer();
    const client = drive(port);
    await client.inbound.waitFor((i) => i.type === 'connected', WAIT, 'connected');
    const socket = await withTimeout(accepted, WAIT, 'the connection');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    client.subscription.unsubscribe();
    await withTimeout(closed, WAIT, 'the peer to see the close');
  });
});
