import { afterEach, describe, expect, test } from 'vitest';
import { spawnServer, type Served } from './helpers/served.js';
import { closeAllClients, connectClient, type Frame, type WireClient } from './helpers/wire-client.js';

/**
 * [FLOOD] The token bucket against the real program: past the burst, frames are refused with
 * RATE_LIMITED and a `retryAfterMs`; a sender that keeps going is dropped with FLOODING after
 * `--flood-strikes` refusals in a row; the others lose nothing. The defaults let a paste through.
 */

let server: Served | undefined;
afterEach(async () => {
  closeAllClients();
  await server?.kill();
  server = undefined;
});

async function member(port: number, nick: string): Promise<WireClient> {
  const client = await connectClient(port);
  await client.hello(nick);
  return client;
}

const messagesFrom = (client: WireClient, nick: string) =>
  client.frames.filter((f) => f.type === 'message' && f['from'] === nick).map((f) => f['text']);

describe('[FLOOD] token bucket', () => {
  test('past the burst: RATE_LIMITED with retryAfterMs and the ref; waiting that long lets the next one through', async () => {
    server = await spawnServer(['--flood-burst', '4', '--flood-rate', '1', '--flood-strikes', '50']);
    const bob = await member(server.port, 'bob');
    const fast = await member(server.port, 'fast');
    // The hello took one token: three says pass at once; a fourth (or, on a stalled machine, a
    // later one) is refused. Asserted without timing: whatever passed came before the refusal.
    for (let i = 0; i < 6; i++) fast.send({ type: 'say', text: `line ${i}`, ref: `r${i}` });
    const limited: Frame = await fast.waitFor((f) => f.type === 'error', 'RATE_LIMITED');
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', fatal: false });
    const refused = Number((limited['ref'] as string).slice(1));
    expect(refused).toBeGreaterThanOrEqual(3);
    const retry = limited['retryAfterMs'] as number;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(1000); // one token at 1 per second
    await fast.waitFor(() => fast.frames.filter((f) => f.type === 'ack' || f.type === 'error').length === 6, 'six answers');
    const acked = fast.frames.filter((f) => f.type === 'ack').map((f) => f['ref']);
    expect(acked.slice(0, refused)).toEqual(Array.from({ length: refused }, (_, i) => `r${i}`));

    const lastRetry = fast.errors().at(-1)!['retryAfterMs'] as number;
    await new Promise((r) => setTimeout(r, lastRetry + 20)); // what a polite client does with retryAfterMs
    await fast.say('after waiting', 'polite');
    await bob.waitFor((f) => f.type === 'message' && f['text'] === 'after waiting', 'the polite retry');
    const ackedTexts = acked.map((ref) => `line ${(ref as string).slice(1)}`);
    expect(messagesFrom(bob, 'fast')).toEqual([...ackedTexts, 'after waiting']);
    expect(fast.isClosed).toBe(false);
  });

  test('a sender that keeps flooding: FLOODING (fatal) after the strikes, closed, announced as flooding; others lose nothing', async () => {
    server = await spawnServer(['--flood-burst', '5', '--flood-rate', '1', '--flood-strikes', '5']);
    const alice = await member(server.port, 'alice');
    const bob = await member(server.port, 'bob');
    const flooder = await member(server.port, 'flooder');
    const flood = Array.from({ length: 500 }, (_, i) => JSON.stringify({ type: 'say', text: `spam ${i}`, ref: `s${i}` })).join('\n') + '\n';
    flooder.write(flood);
    await alice.say('meanwhile', 'a1');

    await flooder.waitClosed('flooder');
    const errors = flooder.errors();
    expect(errors.at(-1)).toMatchObject({ code: 'FLOODING', fatal: true });
    const limited = errors.slice(0, -1);
    expect(limited.every((e) => e['code'] === 'RATE_LIMITED' && (e['retryAfterMs'] as number) > 0)).toBe(true);
    expect(limited.length).toBeGreaterThanOrEqual(4); // strikes 5: four refusals in a row, the fifth is the drop
    // The burst (5, one spent on hello) passed; every acked line, and only those, reached the room.
    const acked = flooder.frames.filter((f) => f.type === 'ack').map((f) => `spam ${(f['ref'] as string).slice(1)}`);
    expect(acked.slice(0, 4)).toEqual(['spam 0', 'spam 1', 'spam 2', 'spam 3']);
    expect(acked.length).toBeLessThan(500);

    for (const honest of [alice, bob]) {
      const left = await honest.waitFor((f) => f.type === 'left' && f['nick'] === 'flooder', 'flooder left');
      expect(left['reason']).toBe('flooding');
    }
    expect(messagesFrom(bob, 'flooder')).toEqual(acked);
    expect(messagesFrom(alice, 'flooder')).toEqual(acked);
    await bob.say('still chatting', 'b1');
    await alice.waitFor((f) => f.type === 'message' && f['text'] === 'still chatting', 'bob after the flood');
    expect(messagesFrom(bob, 'alice')).toEqual(['meanwhile']);
  });

  // A line that fails to decode costs a token like a frame (src/reducer/flood-gate.ts); otherwise a
  // peer could send malformed lines at any rate and get an error frame back for each.
  test('[FLOOD] malformed lines are charged too: a flood of bad JSON ends in FLOODING', async () => {
    server = await spawnServer(['--flood-burst', '5', '--flood-rate', '1', '--flood-strikes', '5']);
    const client = await member(server.port, 'garbler');
    client.write('x\n'.repeat(300));
    await client.waitFor((f) => f['code'] === 'FLOODING' || client.errors('BAD_JSON').length === 300, 'FLOODING or 300 answers');
    expect(client.errors('FLOODING')).toHaveLength(1);
    expect(client.errors('BAD_JSON').length).toBeLessThan(300);
    await client.waitClosed('garbler');
  });

  test('pongs are free: answering pings never costs tokens', async () => {
    server = await spawnServer(['--flood-burst', '2', '--flood-rate', '1', '--flood-strikes', '3']);
    const client = await member(server.port, 'ponger');
    client.write('{"type":"pong","ref":"x"}\n'.repeat(50));
    await client.say('one', 'p1');
    expect(client.errors()).toEqual([]);
  });

  test('the defaults (burst 10, 2/s) let a human paste eight lines at once', async () => {
    server = await spawnServer([]);
    const reader = await member(server.port, 'reader');
    const paster = await member(server.port, 'paster');
    const lines = Array.from({ length: 8 }, (_, i) => `pasted line ${i}`);
    paster.write(lines.map((text, i) => JSON.stringify({ type: 'say', text, ref: `p${i}` })).join('\n') + '\n');
    await paster.waitFor((f) => f.type === 'ack' && f['ref'] === 'p7', 'the last ack');
    expect(paster.errors()).toEqual([]);
    await reader.waitFor(() => messagesFrom(reader, 'paster').length === 8, 'eight lines');
    expect(messagesFrom(reader, 'paster')).toEqual(lines);
  });
});
