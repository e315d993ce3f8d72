import { beforeEach, describe, expect, test } from 'vitest';
import { textWidth } from '../../src/client/text-width.js';
import { tuiFixture } from '../helpers/tui-fixture.js';
import { waitUntil, type ServerProcess } from './tui-harness.js';

/**
 * End to end: the real program in a real terminal (tmux), against a real server on port 0.
 * Every wait polls the screen with a deadline; nothing asserts on timing.
 */
describe('[TUI] rxchat join in a terminal', () => {
  const tui = tuiFixture();
  let server: ServerProcess;
  const term = tui.term;
  const plain = (nick: string, port = server.port) => tui.plain(port, nick);
  /** Replaces the test's server with one of no flood limit, for tests that send many lines at once. */
  const withoutFloodLimit = async () => {
    await server.stop();
    server = await tui.server(0, '--flood-rate', '0');
  };
  /** bob on a plain client, then alice in a terminal, each waited for until connected. */
  const bobThenAlice = async () => {
    const bob = plain('bob');
    await bob.waitFor('connected as bob');
    const t = term(`--nick alice --port ${server.port}`);
    await t.waitFor('connected as alice');
    return { bob, t };
  };

  beforeEach(async () => {
    server = await tui.server();
  });

  test('an invalid or taken nickname is explained at the prompt and asked again', async () => {
    const bob = plain('bob');
    await bob.waitFor('connected as bob');
    const t = term(`--port ${server.port}`);
    await t.waitFor('nickname (3-10 letters, digits, _ or -):');
    t.type('x');
    await t.waitFor('nickname must be 3 to 10 characters: choose another');
    t.type('bob');
    await t.waitFor('nickname "bob" is taken: choose another nickname');
    t.type('alice');
    await t.waitFor('connected as alice in #lobby');
    await bob.waitFor('alice joined');
  }, 60_000);

  test('receives from a plain client, sends to it, and the members pane follows joins and leaves', async () => {
    const { bob, t } = await bobThenAlice();
    await t.waitFor(/│ bob\s/);
    bob.say('hello from bob 你好 😀');
    await t.waitFor(/\d\d:\d\d <bob> hello from bob 你好 😀/);
    // [TUI-WIDTH] wide characters and emoji do not push the members pane's border
    const columns = t.capture().split('\n').slice(1, 22).filter((l) => l.includes('│')).map((l) => textWidth(l.slice(0, l.indexOf('│'))));
    expect(new Set(columns)).toEqual(new Set([62]));
    t.type('hi bob, nice to see you');
    await bob.waitFor('alice: hi bob, nice to see you');
    // acknowledged: the pending mark gives way to the server's time
    await t.waitFor(/\d\d:\d\d <alice> hi bob, nice to see you/);
    // [TUI-HISTORY] Up brings the line back; Tab completes a nick
    t.keys('Up');
    await t.waitFor('[#lobby] hi bob, nice to see you');
    t.keys('C-u');
    t.type('b', false);
    t.keys('Tab');
    await t.waitFor('[#lobby] bob:');
    t.keys('C-u');
    const carol = plain('carol');
    await t.waitFor(/│ carol\s/);
    await t.waitFor('3 members');
    await carol.close();
    await t.waitFor('carol quit');
    await waitUntil('carol gone from the members pane', () => !/│ carol\s/.test(t.capture()));
  }, 60_000);

  test('scrolls back with the wheel and PageUp, and End returns to the live conversation', async () => {
    await withoutFloodLimit();
    const { bob, t } = await bobThenAlice();
    for (let i = 1; i <= 60; i++) bob.say(`line number ${i}`);
    await t.waitFor('line number 60');
    expect(t.capture()).not.toContain('line number 30 ');
    // the mouse wheel, as an xterm SGR mouse report typed into the terminal: 3 rows a notch
    t.type('\x1b[<64;10;10M', false);
    await t.waitFor('↓ 3 more rows');
    t.type('\x1b[<65;10;10M', false);
    await waitUntil('back at the live end', () => !t.capture().includes('more rows'));
    t.keys('PageUp');
    await t.waitFor(/↓ \d+ more rows/);
    expect(t.capture()).not.toContain('line number 60');
    // page up (a bounded number of times) until the start of the conversation shows
    for (let i = 0; i < 5 && !/line number 1\s/.test(t.capture()); i++) {
      t.keys('PageUp');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await t.waitFor(/line number 1\s/);
    expect(t.capture()).not.toContain('line number 60');
    t.keys('End');
    await t.waitFor('line number 60');
    await waitUntil('the scroll mark gone', () => !t.capture().includes('more rows'));
  }, 60_000);

  test('[TUI-ROOMS] rooms, unread counts, switching, and private messages', async () => {
    const { bob, t } = await bobThenAlice();
    t.type('/join #dev');
    await t.waitFor('you joined #dev (1 member)');
    await t.waitFor(/^ rxchat {2}#lobby #dev/m);
    bob.say('lobby talk');
    await t.waitFor('#lobby(1)');
    expect(t.capture()).not.toContain('lobby talk');
    bob.say('/msg alice psst');
    await t.waitFor('*bob* psst');
    t.type('/reply hi back');
    await bob.waitFor('*alice* hi back');
    t.keys('C-n');
    await t.waitFor('<bob> lobby talk');
    await t.waitFor('[#lobby]');
  }, 60_000);

  test('[TUI-MENTION] a mention rings the bell, unless --no-bell', async () => {
    const bob = plain('bob');
    await bob.waitFor('connected as bob');
    const loud = term(`--nick alice --port ${server.port}`);
    const quiet = term(`--nick carol --no-bell --port ${server.port}`);
    await loud.waitFor('connected as alice');
    await quiet.waitFor('connected as carol');
    bob.say('plain chatter');
    await loud.waitFor('<bob> plain chatter');
    await quiet.waitFor('<bob> plain chatter');
    expect(loud.bellRang()).toBe(false);
    bob.say('alice and carol: lunch?');
    await waitUntil('the bell in the first terminal', () => loud.bellRang());
    await quiet.waitFor('<bob> alice and carol: lunch?');
    expect(quiet.bellRang()).toBe(false);
  }, 60_000);

  test('[TUI-THROTTLE] a flood of 1,000 messages does not freeze the input line', async () => {
    await withoutFloodLimit();
    const { bob, t } = await bobThenAlice();
    for (let i = 1; i <= 1000; i++) bob.say(`flood ${i}`);
    t.type('still typing', false);
    await t.waitFor('<bob> flood 1000', 30_000);
    await t.waitFor('[#lobby] still typing');
    t.keys('Enter');
    await bob.waitFor('alice: still typing', 15_000);
  }, 60_000);

  test('re-lays the screen on resize, and says when the terminal is too small', async () => {
    const t = term(`--nick alice --port ${server.port}`);
    await t.waitFor('1 in #lobby');
    t.resize(50, 16);
    await waitUntil('members pane hidden at 50 columns', () => !t.capture().includes('1 in #lobby'));
    await t.waitFor('connected as alice');
    t.resize(30, 6);
    await t.waitFor('terminal too small');
    t.resize(100, 30);
    await t.waitFor('1 in #lobby');
    expect(t.capture()).not.toContain('too small');
  }, 60_000);

  test('reconnects after a server restart, with the same nick, and sends what was typed offline', async () => {
    const port = server.port;
    const t = term(`--nick alice --port ${port}`);
    await t.waitFor('connected as alice');
    await server.stop();
    await t.waitFor('connection lost');
    await t.waitFor('offline');
    t.type('typed while the server was down');
    await t.waitFor(/…\s+<alice> typed while the server was down/);
    server = await tui.server(port);
    await t.waitFor('reconnected as alice; sending 1 message', 20_000);
    await t.waitFor(/\d\d:\d\d <alice> typed while the server was down/);
    const bob = plain('bob', port);
    await bob.waitFor('[history] alice: typed while the server was down');
  }, 60_000);

  test('[TUI-SEARCH] /search shows a page of results with their day and time, /more the older ones', async () => {
    await withoutFloodLimit();
    const bob = plain('bob');
    await bob.waitFor('connected as bob');
    for (let i = 1; i <= 30; i++) bob.say(i % 5 === 0 ? `chatter ${i}` : `deploy step ${i}`);
    bob.say('done');
    const t = term(`--nick alice --port ${server.port}`, 100, 40);
    await t.waitFor('connected as alice');
    await t.waitFor('<bob> done');
    t.type('/search deploy');
    await t.waitFor('search "deploy" in #lobby: 20 results, newest first');
    await t.waitFor(/\d{4}-\d\d-\d\d \d\d:\d\d <bob> deploy step 29/);
    await t.waitFor('older results: /more');
    t.type('/more');
    await t.waitFor('search "deploy" in #lobby: 4 results, newest first');
    await t.waitFor(/<bob> deploy step 1\s/);
    await t.waitFor('no older results for "deploy"');
    t.type('/more');
    await t.waitFor('no more results for "deploy" in #lobby');
  }, 60_000);

  test('Ctrl-C and /quit leave cleanly with status 0', async () => {
    const { bob, t } = await bobThenAlice();
    t.type('/quit see you');
    // the terminal is given back (the alternate screen is gone) and the status is 0
    await t.waitFor('rxchat exited with status 0');
    expect(t.capture()).not.toContain('#lobby');
    await bob.waitFor('alice disconnected (see you)');
    const t2 = term(`--nick alice2 --port ${server.port}`);
    await t2.waitFor('connected as alice2');
    expect(t2.modes()).toEqual({ cursor: false, alternate: true, mouse: true });
    t2.keys('C-c');
    await t2.waitFor('rxchat exited with status 0');
    expect(t2.capture()).not.toContain('#lobby');
    expect(t2.modes()).toEqual({ cursor: true, alternate: false, mouse: false });
  }, 60_000);
});
