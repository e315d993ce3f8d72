import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { COMMANDS } from '../../src/commands.js';
import { killAll, type Child, type ServerProcess } from '../helpers/processes.js';
import { hears, plain, sees, startRoomsServer, WAIT } from '../helpers/rooms-processes.js';

/**
 * Rooms, people and private messages through the real program: `rxchat serve` and several
 * `rxchat join --plain` clients, their stdout lines checked against docs/commands.md [PLAIN-LINES].
 * "Never saw" is proven with a later line: the server sends in the order it decides, so a line
 * decided before the barrier would have been read before it.
 */

let server: ServerProcess;

let dir: string | undefined;

afterEach(async () => {
  await killAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const never = (child: Child, pattern: RegExp) => expect(child.stdout.items.filter((l) => pattern.test(l))).toEqual([]);

describe('[PLAIN-LINES] rooms through the real program', () => {
  test('/join, messages to the current room bare and to other rooms tagged, /topic, /rooms, /nick seen by everyone sharing a room, /part', async () => {
    server = await startRoomsServer();
    const alice = await plain(server.port, 'alice');
    const bob = await plain(server.port, 'bob');
    const carol = await plain(server.port, 'carol');
    await sees(alice, '* carol joined');

    alice.line('/join #dev');
    await sees(alice, '* in #dev: alice');
    bob.line('/join #DEV');
    await sees(bob, '* in #dev: alice bob');
    await sees(alice, '* bob joined');

    alice.line('dev talk');
    await sees(bob, 'alice: dev talk');
    carol.line('lobby talk');
    await sees(alice, '[#lobby] carol: lobby talk');
    await sees(bob, '[#lobby] carol: lobby talk');

    alice.line('/topic release on friday');
    await sees(bob, '* topic of #dev: release on friday (set by alice)');
    await sees(alice, '* topic of #dev: release on friday (set by alice)');
    carol.line('/rooms');
    await sees(carol, '* #dev (2): release on friday');
    await sees(carol, '* #lobby (3)');

    alice.line('/nick alicia');
    for (const reader of [alice, bob, carol]) await sees(reader, '* alice is now known as alicia');
    bob.line('/part #dev see you');
    await sees(alice, '* bob left (see you)');
    await sees(bob, '[#dev] * bob left (see you)');
    // bob is back in #lobby: his plain text goes there, and alicia reads it tagged.
    bob.line('back in the lobby');
    await sees(carol, 'bob: back in the lobby');
    await sees(alice, '[#lobby] bob: back in the lobby');

    carol.line('barrier');
    await sees(alice, '[#lobby] carol: barrier');
    await sees(bob, 'carol: barrier');
    never(carol, /dev talk|^\[#dev\]|topic of #dev|bob left/);
    for (const reader of [alice, bob, carol]) expect(reader.stdout.items.filter((l) => l.includes('is now known as'))).toHaveLength(1);
    expect(bob.stderr.items.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  test('/msg reaches its target alone, /reply answers it, /me acts, /away is told to the sender, /whois describes', async () => {
    server = await startRoomsServer();
    const alice = await plain(server.port, 'alice');
    const bob = await plain(server.port, 'bob');
    const carol = await plain(server.port, 'carol');
    await sees(alice, '* carol joined');

    alice.line('/msg BOB psst, bob');
    await sees(bob, '*alice* psst, bob');
    bob.line('/reply got it');
    await sees(alice, '*bob* got it');
    carol.line('/me waves');
    await sees(alice, '* carol waves');
    await sees(bob, '* carol waves');
    alice.line('/msg nobody hello?');
    await hears(alice, 'error: nobody is called "nobody"');

    bob.line('/away out for lunch');
    await sees(bob, '* you are marked away: out for lunch');
    alice.line('/msg bob are you there?');
    await sees(alice, '* bob is away: out for lunch');
    await sees(bob, '*alice* are you there?');
    carol.line('/whois bob');
    const whois = await carol.stdout.waitFor((l) => l.startsWith('* bob: '), WAIT, 'the whois of bob');
    expect(whois).toMatch(/^\* bob: in #lobby, connected since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, idle \d+s, away: out for lunch$/);
    bob.line('/back');
    await sees(bob, '* you are back');

    alice.line('barrier');
    await sees(carol, 'alice: barrier');
    never(carol, /psst|got it|are you there/);
    never(alice, /psst/);
    never(carol, /^\*carol\* |waves/);

    carol.line('/quit off to bed');
    expect(await carol.exit(WAIT)).toEqual({ code: 0, signal: null });
    await sees(alice, '* carol disconnected (off to bed)');
    await sees(bob, '* carol disconnected (off to bed)');
  });

  test('[HISTORY-REPLAY] joining a room replays its last --history messages, marked; /history N replays again', async () => {
    server = await startRoomsServer(['--history', '3']);
    const alice = await plain(server.port, 'alice');
    for (const text of ['one', 'two', 'three', 'four', 'five']) alice.line(text);
    alice.line('/join #dev');
    await sees(alice, '* in #dev: alice');
    alice.line('in dev');
    alice.line('/history 1');
    // alice's own words come back only as history, once they are the room's.
    await sees(alice, '[history] alice: in dev');

    const dave = await plain(server.port, 'dave');
    const lobby = await dave.stdout.waitForCount((l) => l.startsWith('[history] '), 3, WAIT, 'lobby history');
    expect(lobby).toEqual(['[history] alice: three', '[history] alice: four', '[history] alice: five']);
    dave.line('/join #dev');
    await sees(dave, '[history] alice: in dev');
    dave.line('/part');
    await sees(dave, '[#dev] * dave left');
    dave.line('/history 2');
    const again = await dave.stdout.waitForCount((l) => l.startsWith('[history] '), 6, WAIT, 'lobby history again');
    expect(again.slice(4)).toEqual(['[history] alice: four', '[history] alice: five']);
    expect(dave.stdout.items.filter((l) => /^(\[#lobby\] )?alice: /.test(l))).toEqual([]);
  });

  test('/motd from --motd-file, /help, /names, and clear words for unknown commands and wrong arguments', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxchat-rooms-'));
    const motdFile = join(dir, 'motd.txt');
    writeFileSync(motdFile, 'welcome to rxchat\nbe kind\n');
    server = await startRoomsServer(['--motd-file', motdFile]);
    const alice = await plain(server.port, 'alice');
    await sees(alice, '* welcome to rxchat');
    await sees(alice, '* be kind');
    const bob = await plain(server.port, 'bob');
    await sees(bob, '* be kind');

    alice.line('/names');
    await alice.stdout.waitFor((l) => l.startsWith('* in #lobby: ') && l.split(' ').length === 5, WAIT, 'the names of #lobby');
    expect(alice.stdout.items.find((l) => l.startsWith('* in #lobby: '))!.split(' ').slice(3).sort()).toEqual(['alice', 'bob']);
    alice.line('/help');
    const help = await alice.stdout.waitForCount((l) => l.startsWith('/'), COMMANDS.length, WAIT, 'help lines');
    expect(help.map((l) => l.split(' ')[0])).toEqual(COMMANDS.map((c) => `/${c.name}`));
    alice.line('/help ban');
    await sees(alice, '/ban nick [duration]  ban a nick and its address (e.g. 10m, 2h, 7d) (operators)');

    alice.line('/frobnicate');
    await hears(alice, 'error: unknown command /frobnicate; /help lists them');
    alice.line('/msg bob');
    await hears(alice, 'error: usage: /msg nick text');
    alice.line('/join dev');
    await hears(alice, 'error: room names are "#" and 1 to 20 letters, digits, "_" or "-"');
    alice.line('/motd');
    await alice.stdout.waitForCount((l) => l === '* be kind', 2, WAIT, 'the motd again');
    alice.line('//join is a command');
    await sees(bob, 'alice: /join is a command');
  });
});
