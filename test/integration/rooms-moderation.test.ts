import { afterEach, describe, expect, test } from 'vitest';
import { killAll, type Child, type ServerProcess } from '../helpers/processes.js';
import { hears, OPER_SECRET, plain, sees, startPlain, startRoomsServer, WAIT } from '../helpers/rooms-processes.js';

/**
 * [OPER-SECRET] Moderation through the real program: the secret comes from RXCHAT_OPER_SECRET in
 * the server's environment; plain clients authenticate, lock a topic, mute, kick and ban, and the
 * others read it in the lines of docs/commands.md.
 */

let server: ServerProcess;

afterEach(async () => {
  await killAll();
});

const errors = (child: Child) => child.stderr.items.filter((l) => l.startsWith('error: '));

describe('[OPER-SECRET] operators through the real program', () => {
  test('/oper with the secret from the environment; only operators moderate; /locktopic, /mute, /unmute', async () => {
    server = await startRoomsServer([], { RXCHAT_OPER_SECRET: OPER_SECRET });
    const alice = await plain(server.port, 'alice');
    const bob = await plain(server.port, 'bob');
    const carol = await plain(server.port, 'carol');
    await sees(alice, '* carol joined');

    bob.line('/kick carol');
    await hears(bob, 'error: only operators may do that');
    alice.line('/oper not-the-secret');
    await hears(alice, 'error: operator authentication failed');
    alice.line(`/oper ${OPER_SECRET}`);
    await sees(alice, '* you are now an operator');
    carol.line('/whois alice');
    await carol.stdout.waitFor((l) => l.startsWith('* alice (operator): in #lobby'), WAIT, 'alice shown as an operator');

    alice.line('/locktopic');
    await sees(carol, '* #lobby has no topic [locked]');
    carol.line('/topic mine now');
    await hears(carol, 'error: the topic of #lobby is locked');
    alice.line('/topic be kind');
    await sees(carol, '* topic of #lobby: be kind (set by alice) [locked]');

    alice.line('/mute bob 10m');
    await sees(bob, '* you were muted by alice for 10m');
    await sees(alice, '* bob is muted for 10m');
    bob.line('can you hear me');
    bob.line('/msg carol psst');
    // What is left of the mute, in whole seconds: 10m unless a second has passed.
    const muted = await bob.stderr.waitForCount((l) => l.startsWith('error: you are muted'), 2, WAIT, 'refusals');
    for (const line of muted) expect(line).toMatch(/^error: you are muted for (10m|\d+s)$/);
    alice.line('/unmute bob');
    await sees(bob, '* you may speak again');
    bob.line('and now?');
    await sees(carol, 'bob: and now?');
    await sees(alice, 'bob: and now?');
    for (const reader of [alice, carol]) expect(reader.stdout.items.filter((l) => /can you hear me|psst/.test(l))).toEqual([]);
    expect(errors(carol)).toEqual(['error: the topic of #lobby is locked']);
  });

  test('/kick and /ban: the target is told and exits, the others read why, a banned nickname and host cannot come back', async () => {
    server = await startRoomsServer([], { RXCHAT_OPER_SECRET: OPER_SECRET });
    const alice = await plain(server.port, 'alice');
    const bob = await plain(server.port, 'bob');
    const carol = await plain(server.port, 'carol');
    const dave = await plain(server.port, 'dave');
    await sees(alice, '* dave joined');
    carol.line('/join #dev');
    await sees(carol, '* in #dev: carol');
    alice.line(`/oper ${OPER_SECRET}`);
    await sees(alice, '* you are now an operator');

    alice.line('/kick bob spamming');
    expect(await bob.exit(WAIT)).toEqual({ code: 0, signal: null });
    expect(bob.stderr.items).toContain('* server closed the connection: kicked by alice: spamming');
    await sees(carol, '[#lobby] * bob was kicked (kicked by alice: spamming)');
    await sees(dave, '* bob was kicked (kicked by alice: spamming)');
    await sees(alice, '* bob was kicked (kicked by alice: spamming)');

    alice.line('/ban carol 10m');
    // [PLAIN-EXIT] a ban is a refusal for good: exit 1.
    expect(await carol.exit(WAIT)).toEqual({ code: 1, signal: null });
    expect(carol.stderr.items).toContain('* server closed the connection: banned by alice for 10m');
    await sees(dave, '* carol was banned (banned by alice for 10m)');
    await sees(alice, '* carol is banned for 10m');

    // The ban covers the nickname in any case, and the address: here every client is on 127.0.0.1.
    const again = startPlain(server.port, 'CAROL');
    expect((await again.exit(WAIT)).code).not.toBe(0);
    expect(again.stderr.items).toContain('you are banned from this server');
    const neighbour = startPlain(server.port, 'erin');
    expect((await neighbour.exit(WAIT)).code).not.toBe(0);
    expect(neighbour.stderr.items).toContain('you are banned from this server');
    // Nor can someone already here take the banned nickname.
    dave.line('/nick Carol');
    await hears(dave, 'error: nickname "Carol" is banned');

    alice.line('/unban carol');
    await sees(alice, '* carol is no longer banned');
    const back = await plain(server.port, 'carol');
    await sees(dave, '* carol joined');
    back.line('/quit');
    expect(await back.exit(WAIT)).toEqual({ code: 0, signal: null });
    expect(dave.stdout.items.filter((l) => /\* (bob|carol) was /.test(l))).toEqual(['* bob was kicked (kicked by alice: spamming)', '* carol was banned (banned by alice for 10m)']);
  });

  test('[OPER-SECRET] without a secret nobody becomes an operator', async () => {
    server = await startRoomsServer([], { RXCHAT_OPER_SECRET: '' });
    const alice = await plain(server.port, 'alice');
    alice.line('/oper anything');
    await hears(alice, 'error: operator authentication failed');
    alice.line('/oper ');
    await hears(alice, 'error: usage: /oper secret');
  });
});
