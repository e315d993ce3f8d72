import { Subject, type Subscription } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { openStormClient, type StormClient } from '../../bench/storm-clients.js';
import { chatServer$, type ChatServerOptions, type ServerNotice } from '../../streams/chat-server.js';
import { Collector } from '../helpers/collector.js';
import { testServerOptions } from '../helpers/server-options.js';

/**
 * [PRESENCE] 200 clients register 8 at a time over real sockets. The window is long (a minute),
 * so nothing is told until the first chat line: [PRESENCE-ORDER] then flushes the room's joins
 * before the line, in one coalesced frame. Every native client must end with the true member set
 * (paging `names` past its first page), and read the line only after its sender's join; the
 * original-protocol peer reads the joins as one line. Bounded waits; nothing asserts timing.
 */
const CLIENTS = 200;
const WAIT = 30_000;
const running: Subscription[] = [];
const clients: StormClient[] = [];

afterEach(() => {
  running.splice(0).forEach((s) => s.unsubscribe());
  clients.splice(0).forEach((c) => c.socket.destroy());
});

async function start(presenceLimit: number): Promise<number> {
  const options: ChatServerOptions = {
    ...testServerOptions, floodRate: 0, maxPerAddress: 1_000, presenceLimit, presenceWindowMs: 60_000,
  };
  const notices = new Collector<ServerNotice>();
  running.push(chatServer$(options, new Subject<string>()).subscribe({ next: (n) => notices.push(n) }));
  const listening = await notices.waitFor((n) => n.type === 'listening', WAIT, 'listening');
  return (listening as Extract<ServerNotice, { type: 'listening' }>).address.port;
}

/** Resolves once `check` holds, polling; rejects after `WAIT` with `what`. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${WAIT} ms: ${what}`);
    const problem = clients.find((c) => c.problem)?.problem;
    if (problem) throw new Error(problem);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One legacy peer first, then the native clients 8 at a time; resolves when all are welcomed. */
async function storm(port: number): Promise<{ legacy: StormClient; natives: StormClient[] }> {
  let registered = 0;
  let opened = 0;
  const listener = { registered: () => { registered++; if (opened < CLIENTS) open(false); }, changed: () => {} };
  const open = (legacy: boolean) => clients.push(openStormClient(port, `u${String(opened++).padStart(4, '0')}`, legacy, () => 0, listener));
  open(true);
  await until(() => registered >= 1, 'the legacy peer welcomed');
  for (let i = 1; i < 8; i++) open(false);
  await until(() => registered === CLIENTS, `${CLIENTS} registrations`);
  return { legacy: clients[0]!, natives: clients.slice(1) };
}

const everyone = () => new Set(clients.map((c) => c.nick));

describe('[PRESENCE] a registration storm over real sockets', () => {
  test(`${CLIENTS} clients (limit 200): one coalesced frame before the first line; every member list right; the legacy peer reads one join line`, async () => {
    const port = await start(200);
    const { legacy, natives } = await storm(port);
    natives[0]!.socket.write('{"type":"say","text":"all here?"}\n');
    await until(() => clients.every((c) => c === natives[0] || c.messages.length === 1), 'the line read by everyone');
    await until(() => natives.every((c) => c.names.size === CLIENTS), 'every member list complete');
    for (const c of natives) expect(c.names).toEqual(everyone());
    for (const c of clients) if (c !== natives[0]) expect(c.messages).toEqual([{ from: natives[0]!.nick, knewSender: true }]);
    // The peer was welcomed alone, so its window holds every join: one line, each name once.
    expect(legacy.joinLines).toBe(1);
    expect(legacy.repeats).toBe(0);
    expect(legacy.names).toEqual(everyone());
  }, 60_000);

  test('above the limit the joins are quiet: no join line for the legacy peer, member lists still right', async () => {
    const port = await start(50);
    const { legacy, natives } = await storm(port);
    natives[0]!.socket.write('{"type":"say","text":"quiet in here"}\n');
    await until(() => legacy.messages.length === 1, 'the line read by the legacy peer');
    await until(() => natives.every((c) => c.names.size === CLIENTS), 'every member list complete');
    for (const c of natives) expect(c.names).toEqual(everyone());
    expect(legacy.joinLines).toBe(0);
  }, 60_000);
});
