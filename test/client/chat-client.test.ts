import { NEVER, Observable, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import type { UnstampedEvent } from '../../src/client/client-event.js';
import { initialClientState } from '../../src/client/client-state.js';
import { LOBBY, PROTOCOL_VERSION, type ClientFrame } from '../../src/protocol.js';
import { chatClient$, type ChatClientOutput } from '../../streams/client/chat-client.js';
import type { ClientInbound } from '../../streams/tcp-client-driver.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const initial = initialClientState({ server: 't:1', bell: true, maxScrollback: 50 }, 'alice');
const welcome = { type: 'welcome', version: PROTOCOL_VERSION, nick: 'alice', room: LOBBY, members: ['alice', 'bob'], maxFrameBytes: 1024, maxTextLength: 100 } as const;

/** A fake connection: answers hello with welcome, say with ack, ping with pong; records frames. */
function fakeServer(ts: TestScheduler, dropAfter?: number, answerPings = true) {
  const sent: [number, ClientFrame][] = [];
  let connections = 0;
  const connect = (outgoing$: Observable<ClientFrame>) => new Observable<ClientInbound>((subscriber) => {
    connections++;
    let sub: Subscription | undefined;
    const start = ts.schedule(() => {
      sub = outgoing$.subscribe((frame) => {
        sent.push([ts.now(), frame]);
        if (frame.type === 'hello') subscriber.next({ type: 'frame', frame: welcome });
        if (frame.type === 'say') subscriber.next({ type: 'frame', frame: { type: 'ack', id: 1, ts: ts.now(), ref: frame.ref! } });
        if (frame.type === 'ping' && answerPings) subscriber.next({ type: 'frame', frame: { type: 'pong', ts: ts.now(), ref: frame.ref! } });
        if (frame.type === 'quit') {
          subscriber.next({ type: 'disconnected', cause: 'closed by server' });
          subscriber.complete();
        }
      });
      subscriber.next({ type: 'connected' });
    }, 1);
    const drop = dropAfter === undefined ? undefined : ts.schedule(() => {
      subscriber.next({ type: 'disconnected', cause: 'reset' });
      subscriber.complete();
    }, dropAfter);
    return () => {
      start.unsubscribe();
      drop?.unsubscribe();
      sub?.unsubscribe();
    };
  });
  return { sent, connect, connections: () => connections };
}

function run(ts: TestScheduler, view$: Observable<UnstampedEvent>, server: ReturnType<typeof fakeServer>) {
  const outputs: [number, ChatClientOutput][] = [];
  let completed = -1;
  const subscription = chatClient$(initial, {
    connect: server.connect, servers: [{ host: 'h', port: 1 }], view$, scheduler: ts, pingEveryMs: 1_000, backoff: { baseMs: 10, maxMs: 40 }, random: () => 0,
  }).subscribe({ next: (o) => outputs.push([ts.now(), o]), complete: () => (completed = ts.now()) });
  return { outputs, subscription, completed: () => completed };
}

describe('[TUI-STORE] chatClient$', () => {
  test('connects, says hello, sends a typed line, and /quit exits once the server closes', () => {
    const ts = scheduler();
    ts.run(({ cold, flush }) => {
      const server = fakeServer(ts);
      const view$ = cold<UnstampedEvent>('----a-b 5ms c-d', {
        a: { type: 'key/typed', text: 'hi' }, b: { type: 'key/pressed', key: 'enter' },
        c: { type: 'key/typed', text: '/quit' }, d: { type: 'key/pressed', key: 'enter' },
      });
      const result = run(ts, view$, server);
      flush();
      expect(result.outputs[0]![1]).toEqual({ type: 'state', state: initial });
      expect(server.sent.map(([at, f]) => [at, f.type])).toEqual([[1, 'hello'], [6, 'say'], [14, 'quit']]);
      expect(result.outputs.at(-1)).toEqual([14, { type: 'exit', code: 0 }]);
      expect(result.completed()).toBe(14);
    });
  });

  test('a dropped connection is retried after the backoff, and the nick registered again', () => {
    const ts = scheduler();
    ts.run(({ flush }) => {
      const server = fakeServer(ts, 5);
      const result = run(ts, NEVER, server);
      ts.schedule(() => result.subscription.unsubscribe(), 30);
      flush();
      // connect at 0 (+1), drop at 5, wait 5 (base 10, no jitter), reconnect at 10 (+1), drop at 15;
      // having been connected, the attempt count restarts: wait 5 again, reconnect at 20 (+1)
      expect(server.sent.map(([at, f]) => [at, f.type])).toEqual([[1, 'hello'], [11, 'hello'], [21, 'hello']]);
      const states = result.outputs.flatMap(([, o]) => (o.type === 'state' ? [o.state.conn.status] : []));
      expect(states).toContain('offline');
      expect(server.connections()).toBe(3);
    });
  });

  test('[TUI-LATENCY] pings on the clock once registered; unsubscribing stops everything', () => {
    const ts = scheduler();
    ts.run(({ flush }) => {
      const server = fakeServer(ts);
      const result = run(ts, NEVER, server);
      ts.schedule(() => result.subscription.unsubscribe(), 2_500);
      flush();
      expect(server.sent.filter(([, f]) => f.type === 'ping').map(([at]) => at)).toEqual([1_000, 2_000]);
      const latency = result.outputs.flatMap(([, o]) => (o.type === 'state' && o.state.latencyMs !== undefined ? [o.state.latencyMs] : []));
      expect(latency).toContain(0);
      expect(result.completed()).toBe(-1);
    });
  });

  test('[TUI-STALE] a server that stops answering pings is dropped and reconnected', () => {
    const ts = scheduler();
    ts.run(({ flush }) => {
      const server = fakeServer(ts, undefined, false);
      const result = run(ts, NEVER, server);
      ts.schedule(() => result.subscription.unsubscribe(), 16_100);
      flush();
      // pings at 1,000 (never answered); at 16,000 it is 15 s old: drop, wait 5, reconnect (+1), hello
      expect(server.sent.filter(([, f]) => f.type === 'hello').map(([at]) => at)).toEqual([1, 16_006]);
      expect(server.sent.filter(([, f]) => f.type === 'ping').map(([at]) => at)).toEqual([1_000]);
      expect(server.connections()).toBe(2);
    });
  });
});
