import { Observable } from 'rxjs';
import { describe, expect, test } from 'vitest';
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import { plainClient$ } from '../../streams/plain-client.js';
import type { ClientInbound } from '../../streams/tcp-client-driver.js';
import { createTestScheduler } from '../helpers/test-scheduler.js';

const frame = (f: object): ClientInbound => ({ type: 'frame', frame: f as ServerFrame });
const inbound = {
  c: { type: 'connected' },
  w: frame({ type: 'welcome', version: 1, nick: 'alice', room: '#lobby', members: [], maxFrameBytes: 16384, maxTextLength: 4000 }),
  m: frame({ type: 'message', id: 1, ts: 0, room: '#lobby', from: 'bob', text: 'hi' }),
  a: frame({ type: 'ack', id: 2, ts: 0, ref: 'p1' }),
  j: frame({ type: 'joined', ts: 0, room: '#lobby', nick: 'carol' }),
  l: frame({ type: 'left', ts: 0, room: '#lobby', nick: 'carol', reason: 'quit' }),
  t: frame({ type: 'error', code: 'NICK_TAKEN', message: 'nickname "alice" is taken', fatal: false }),
  i: frame({ type: 'error', code: 'NICK_INVALID', message: 'nickname must be 3 to 10 characters', fatal: false }),
  b: frame({ type: 'bye', reason: 'goodbye' }),
  s: frame({ type: 'bye', reason: 'server shutting down' }),
  d: { type: 'disconnected', cause: 'closed by server' },
  r: { type: 'disconnected', cause: 'ECONNRESET' },
} satisfies Record<string, ClientInbound>;

const out = {
  e: { type: 'stderr', text: '* connected as alice in #lobby' },
  m: { type: 'stdout', text: 'bob: hi' },
  j: { type: 'stdout', text: '* carol joined' },
  l: { type: 'stdout', text: '* carol disconnected' },
  t: { type: 'stderr', text: 'nickname "alice" is taken' },
  i: { type: 'stderr', text: 'nickname must be 3 to 10 characters' },
  s: { type: 'stderr', text: '* server closed the connection: server shutting down' },
  r: { type: 'stderr', text: 'connection lost: ECONNRESET' },
  0: { type: 'exit', code: 0 },
  1: { type: 'exit', code: 1 },
  2: { type: 'exit', code: 2 },
};

/** A connect driver fake: records what the client sends (with the virtual time) and plays `server$`. */
function fakeConnect(now: () => number, server$: Observable<ClientInbound>) {
  const sent: [number, ClientFrame][] = [];
  const connect = (outgoing$: Observable<ClientFrame>) => {
    outgoing$.subscribe((f) => sent.push([now(), f]));
    return server$;
  };
  return { sent, connect };
}

describe('[PLAIN] plainClient$ with a fake connection', () => {
  test('[PLAIN-EXIT] 0: chat, /close, goodbye; stdin is read only once welcomed, and released at exit', () => {
    const scheduler = createTestScheduler();
    let sent: [number, ClientFrame][] = [];
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      // [PLAIN-PACE] The server acks the message before /close: quit goes out once nothing is unanswered.
      const server = cold<ClientInbound>('c-w-am-j-l-b-d', inbound);
      const lines = cold<string>('-x--y|', { x: 'hello', y: '/close' });
      const fake = fakeConnect(() => scheduler.now(), server);
      sent = fake.sent;
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: lines })).toBe('--e--m-j-l---(0|)', out);
      expectSubscriptions(lines.subscriptions).toBe('--^----!');
      expectSubscriptions(server.subscriptions).toBe('^------------!');
    });
    expect(sent).toEqual([
      [0, { type: 'hello', version: 1, nick: 'alice' }],
      [3, { type: 'say', text: 'hello', room: '#lobby', ref: 'p1' }],
      [6, { type: 'quit' }],
    ]);
  });

  test('[PLAIN-EXIT] 0: end of input leaves like /close', () => {
    const scheduler = createTestScheduler();
    let sent: [number, ClientFrame][] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const fake = fakeConnect(() => scheduler.now(), cold<ClientInbound>('c-w----b-d', inbound));
      sent = fake.sent;
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: cold<string>('--|') })).toBe('--e------(0|)', out);
    });
    expect(sent.map(([t, f]) => [t, f.type])).toEqual([[0, 'hello'], [4, 'quit']]);
  });

  test('[PLAIN-EXIT] 2: a taken nickname; stdin is never read', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const lines = cold<string>('x', { x: 'never sent' });
      const fake = fakeConnect(() => 0, cold<ClientInbound>('c-t-d', inbound));
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: lines })).toBe('--(t2|)', out);
      expectSubscriptions(lines.subscriptions).toBe([]);
    });
  });

  test('[PLAIN-EXIT] 2: an invalid nickname', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const fake = fakeConnect(() => 0, cold<ClientInbound>('c-i', inbound));
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: cold<string>('-') })).toBe('--(i2|)', out);
    });
  });

  test('[PLAIN-RECONNECT] lost while chatting: a jittered wait, a new connection, the resume secret, the unanswered message again with its ref', () => {
    const scheduler = createTestScheduler();
    const sent: [number, ClientFrame][] = [];
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold<ClientInbound>('c-w--(r|)', { ...inbound, w: frame({ ...(inbound.w as { frame: object }).frame, resume: 's1' }) });
      const second = cold<ClientInbound>('c-w-a--', { ...inbound, w: frame({ ...(inbound.w as { frame: object }).frame, resumed: true }) });
      const attempts = [first, second];
      // Like the TCP driver: what is sent goes to this attempt's connection only, while it lasts.
      const connect = (outgoing$: Observable<ClientFrame>) => {
        const attempt = attempts.shift()!;
        return new Observable<ClientInbound>((subscriber) => {
          const writes = outgoing$.subscribe((f) => sent.push([scheduler.now(), f]));
          const reads = attempt.subscribe(subscriber);
          return () => { writes.unsubscribe(); reads.unsubscribe(); };
        });
      };
      const lines = cold<string>('-x', { x: 'hello' });
      // random 0: the first wait is half of 100 ms.
      const client = plainClient$('alice', { connect, lines$: lines, backoff: { baseMs: 100, maxMs: 1000 }, random: () => 0, reconnectForMs: 10_000 });
      expectObservable(client).toBe('--e--(rs) 48ms b', {
        ...out,
        r: { type: 'stderr', text: '* connection lost (ECONNRESET); reconnecting' },
        s: { type: 'stderr', text: '* reconnecting to 127.0.0.1:12345 in 0.1 s (attempt 1)' },
        b: { type: 'stderr', text: '* reconnected as alice (session resumed)' },
      });
      expectSubscriptions(first.subscriptions).toBe('^----!');
      expectSubscriptions(second.subscriptions).toBe('55ms ^');
    });
    expect(sent).toEqual([
      [0, { type: 'hello', version: 1, nick: 'alice' }],
      [3, { type: 'say', text: 'hello', room: '#lobby', ref: 'p1' }],
      [55, { type: 'hello', version: 1, nick: 'alice', resume: 's1' }],
      [57, { type: 'ping', ref: 'replay-1' }],
      [57, { type: 'say', text: 'hello', room: '#lobby', ref: 'p1' }],
    ]);
  });

  test('[PLAIN-RECONNECT] gives up with 1 once the next wait would pass --reconnect-for', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const attempts = [cold<ClientInbound>('c-w--(r|)', inbound), cold<ClientInbound>('-#', undefined, refused)];
      const connect = () => attempts.shift() ?? cold<ClientInbound>('-#', undefined, refused);
      const client = plainClient$('alice', { connect, lines$: cold<string>('-'), backoff: { baseMs: 100, maxMs: 100 }, random: () => 1, reconnectForMs: 250, servers: [{ host: 'h', port: 1 }] });
      expectObservable(client).toBe('--e--(rs) 97ms t 100ms (g1|)', {
        ...out,
        r: { type: 'stderr', text: '* connection lost (ECONNRESET); reconnecting' },
        s: { type: 'stderr', text: '* reconnecting to h:1 in 0.1 s (attempt 1)' },
        t: { type: 'stderr', text: '* reconnecting to h:1 in 0.1 s (attempt 2)' },
        g: { type: 'stderr', text: 'rxchat: gave up reconnecting to h:1 after 0 s offline (connection refused (is `rxchat serve` running?)); 0 messages not sent' },
      });
    });
  });

  test('[PLAIN-EXIT] 0: the server says goodbye (shutdown), then closes', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const fake = fakeConnect(() => 0, cold<ClientInbound>('c-w--s-d', inbound));
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: cold<string>('-') })).toBe('--e--s-(0|)', out);
    });
  });

  test('[PLAIN-EXIT] 1: the first connection cannot be made; no retry', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const server = cold<ClientInbound>('-#', undefined, refused);
      const fake = fakeConnect(() => 0, server);
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: cold<string>('-'), servers: [{ host: 'h', port: 1 }] })).toBe('-(f1|)', {
        ...out, f: { type: 'stderr', text: 'rxchat: cannot connect to h:1: connection refused (is `rxchat serve` running?)' },
      });
      expectSubscriptions(server.subscriptions).toBe('^!');
    });
  });

  test('early unsubscribe releases the connection and stdin', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const server = cold<ClientInbound>('c-w-------', inbound);
      const lines = cold<string>('-');
      const fake = fakeConnect(() => 0, server);
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: lines }), '^----!').toBe('--e--', out);
      expectSubscriptions(server.subscriptions).toBe('^----!');
      expectSubscriptions(lines.subscriptions).toBe('--^--!');
    });
  });
  test('[PLAIN-PACE] one message in flight; RATE_LIMITED is retried after its wait; quit waits for the last answer', () => {
    const scheduler = createTestScheduler();
    let sent: [number, ClientFrame][] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const limited = frame({ type: 'error', code: 'RATE_LIMITED', message: 'too fast', fatal: false, ref: 'p1', retryAfterMs: 60 });
      const server = cold<ClientInbound>('c-w--r 60ms 1--2--b-d', {
        ...inbound, r: limited,
        1: frame({ type: 'ack', id: 1, ts: 0, ref: 'p1' }),
        2: frame({ type: 'ack', id: 2, ts: 0, ref: 'p2' }),
      });
      const fake = fakeConnect(() => scheduler.now(), server);
      sent = fake.sent;
      const lines = cold<string>('-ab|', { a: 'one', b: 'two' });
      expectObservable(plainClient$('alice', { connect: fake.connect, lines$: lines })).toBe('--e 71ms (0|)', out);
    });
    expect(sent).toEqual([
      [0, expect.objectContaining({ type: 'hello' })],
      [3, { type: 'say', text: 'one', room: '#lobby', ref: 'p1' }],
      // refused for now at 5, sent again 60 ms later; `two` waits for the ack of `one`.
      [65, { type: 'say', text: 'one', room: '#lobby', ref: 'p1' }],
      [66, { type: 'say', text: 'two', room: '#lobby', ref: 'p2' }],
      [69, { type: 'quit' }],
    ]);
  });

  describe('[SERVER-FAILOVER] over a list of servers', () => {
    const servers = [{ host: 'a', port: 1 }, { host: 'b', port: 2 }];
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    test('the first server refuses: the next one is tried after a hop, and welcomes', () => {
      const tried: string[] = [];
      createTestScheduler().run(({ cold, expectObservable }) => {
        const byHost: Record<string, Observable<ClientInbound>> = { a: cold<ClientInbound>('-#', undefined, refused), b: cold<ClientInbound>('c-w', inbound) };
        const connect = (_: Observable<ClientFrame>, server: { host: string }) => {
          tried.push(server.host);
          return byHost[server.host]!;
        };
        // random 1: a hop is half of baseMs: refused at 1, b at 51, welcomed at 53.
        const client = plainClient$('alice', { connect, servers, lines$: cold<string>('-'), backoff: { baseMs: 100, maxMs: 1000 }, random: () => 1 });
        expectObservable(client).toBe('-h 51ms e', {
          ...out, h: { type: 'stderr', text: '* cannot connect to a:1: connection refused (is `rxchat serve` running?); trying the next server' },
        });
      });
      expect(tried).toEqual(['a', 'b']);
    });

    test('[PLAIN-EXIT] 1 when every server refuses the first connection, after one round, no backoff', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const server = cold<ClientInbound>('-#', undefined, refused);
        const client = plainClient$('alice', { connect: () => server, servers, lines$: cold<string>('-'), backoff: { baseMs: 100, maxMs: 1000 }, random: () => 0 });
        expectObservable(client).toBe('-h(f1|)', {
          ...out,
          h: { type: 'stderr', text: '* cannot connect to a:1: connection refused (is `rxchat serve` running?); trying the next server' },
          f: { type: 'stderr', text: 'rxchat: cannot connect to b:2: connection refused (is `rxchat serve` running?) (nor to any other server of the list)' },
        });
      });
    });

    test('[PLAIN-RECONNECT] a drop from the first server: the second one at once, with the resume secret', () => {
      const scheduler = createTestScheduler();
      const sent: [number, string, ClientFrame][] = [];
      scheduler.run(({ cold, expectObservable }) => {
        const byHost: Record<string, Observable<ClientInbound>> = {
          a: cold<ClientInbound>('c-w--(r|)', { ...inbound, w: frame({ ...(inbound.w as { frame: object }).frame, resume: 's1' }) }),
          b: cold<ClientInbound>('-'),
        };
        const connect = (outgoing$: Observable<ClientFrame>, server: { host: string }) => new Observable<ClientInbound>((subscriber) => {
          const writes = outgoing$.subscribe((f) => sent.push([scheduler.now(), server.host, f]));
          const reads = byHost[server.host]!.subscribe(subscriber);
          return () => { writes.unsubscribe(); reads.unsubscribe(); };
        });
        byHost['b'] = cold<ClientInbound>('c---w', inbound);
        const client = plainClient$('alice', { connect, servers, lines$: cold<string>('-'), backoff: { baseMs: 100, maxMs: 1000 }, random: () => 0 });
        // random 0: the hop is 0 ms, so b is tried at 5, where a dropped, and welcomes at 9.
        expectObservable(client).toBe('--e--(rs)b', {
          ...out,
          r: { type: 'stderr', text: '* connection lost (ECONNRESET); reconnecting' },
          s: { type: 'stderr', text: '* reconnecting to b:2 in 0.0 s (attempt 1)' },
          b: { type: 'stderr', text: '* reconnected as alice' },
        });
      });
      expect(sent.filter(([, , f]) => f.type === 'hello')).toEqual([
        [0, 'a', { type: 'hello', version: 1, nick: 'alice' }],
        [5, 'b', { type: 'hello', version: 1, nick: 'alice', resume: 's1' }],
      ]);
    });
  });
});
