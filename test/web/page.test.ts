import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { is, NativeClient } from '../helpers/native-client.js';
import { killAll } from '../helpers/processes.js';
import { plain, sees } from '../helpers/rooms-processes.js';
import { freePort, launchBrowser, openAs, say, seesText, startWebServer, WAIT } from './browser.js';

const DOCS = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

/** [WEB] The real page in a real browser (Debian's Chromium), against a real `rxchat serve`. */
let context: BrowserContext;
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-web-data-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  context = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
afterEach(async () => {
  await Promise.all(context.pages().map((p) => p.close()));
  await killAll();
});

describe('[WEB] the page', () => {
  test('two browser users and a plain `rxchat join` client chat both ways; a room is joined and parted', async () => {
    const [port, http] = [await freePort(), await freePort()];
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0']);
    const alice = await openAs(context, http, 'alice');
    const bob = await openAs(context, http, 'bob');
    const carol = await plain(port, 'carol');
    await say(alice, 'hello from alice');
    await seesText(bob, 'alice', 'hello from alice');
    await sees(carol, 'alice: hello from alice');
    carol.line('hello from the terminal');
    await seesText(alice, 'carol', 'hello from the terminal');
    await seesText(bob, 'carol', 'hello from the terminal');
    await say(bob, '/me waves');
    await sees(carol, '* bob waves');

    await say(alice, '/join #dev');
    await alice.locator('.rooms button', { hasText: '#dev' }).waitFor({ timeout: WAIT });
    await alice.locator('.topic', { hasText: '#dev' }).waitFor({ timeout: WAIT });
    await say(alice, 'in dev');
    await say(alice, '/part #dev');
    await alice.locator('.rooms button', { hasText: '#dev' }).waitFor({ state: 'detached', timeout: WAIT });
    await alice.locator('.topic', { hasText: '#lobby' }).waitFor({ timeout: WAIT });

    // A private conversation is a tab of its own.
    carol.line('/msg alice psst');
    await alice.locator('.rooms button', { hasText: '@carol' }).click();
    await seesText(alice, 'carol', 'psst');
  }, 60_000);

  test('a message of HTML shows as text and runs nothing; links are plain anchors', async () => {
    const [port, http] = [await freePort(), await freePort()];
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0']);
    const alice = await openAs(context, http, 'alice');
    const dialogs: string[] = [];
    alice.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const carol = await NativeClient.join(port, 'carol');
    const evil = '<img src=x onerror=alert(1)>';
    carol.send({ type: 'say', text: evil });
    carol.send({ type: 'say', text: 'see https://example.org/a?b=1 now' });
    await seesText(alice, 'carol', 'see https://example.org');
    const texts = await alice.locator('.log .text').allTextContents();
    expect(texts).toContain(evil);
    expect(await alice.locator('.log img').count()).toBe(0);
    const link = alice.locator('.log a', { hasText: 'https://example.org/a?b=1' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(dialogs).toEqual([]);
    carol.destroy();
  }, 60_000);

  test('a 2,000-message history scrolls: scrolling up loads older pages back to the first message', async () => {
    const [port, http] = [await freePort(), await freePort()];
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0']);
    const writer = await NativeClient.join(port, 'writer');
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ type: 'say', text: `line ${String(i + 1).padStart(4, '0')}`, ref: `r${i}` }));
    writer.write(lines.join('\n') + '\n');
    await writer.waitFor((f) => f.type === 'ack' && f.ref === 'r1999', 30_000, 'the last ack');
    const reader = await openAs(context, http, 'reader');
    await seesText(reader, 'writer', 'line 2000');
    // Bounded: at most 40 scrolls to the top, each loading one older page of 100.
    for (let i = 0; i < 40 && (await reader.locator('.log .text', { hasText: 'line 0001' }).count()) === 0; i++) {
      await reader.locator('.scroller').evaluate((el) => el.scrollTo(0, 0));
      await reader.waitForTimeout(150);
    }
    await seesText(reader, 'writer', 'line 0001');
    expect(await reader.locator('.log .entry.message').count()).toBe(2000);
    const first = await reader.locator('.log .entry.message .text').first().textContent();
    expect(first).toBe('line 0001');
    writer.destroy();
  }, 90_000);

  test('reconnects after the server restarts and resumes: an offline banner meanwhile, then chat goes on', async () => {
    const [port, http] = [await freePort(), await freePort()];
    const data = dataDir();
    const first = await startWebServer(port, http, ['--data', data, '--flood-rate', '0']);
    const alice = await openAs(context, http, 'alice');
    const bob = await openAs(context, http, 'bob');
    await say(alice, 'before the restart');
    await seesText(bob, 'alice', 'before the restart');
    first.process.kill('SIGTERM');
    await first.exit(WAIT);
    await alice.locator('.banner', { hasText: /Offline|Connecting/ }).waitFor({ timeout: WAIT });
    await startWebServer(port, http, ['--data', data, '--flood-rate', '0']);
    await alice.locator('.banner').waitFor({ state: 'hidden', timeout: 40_000 });
    await bob.locator('.banner').waitFor({ state: 'hidden', timeout: 40_000 });
    await say(alice, 'after the restart');
    await seesText(bob, 'alice', 'after the restart');
    await alice.locator('.status', { hasText: 'alice' }).waitFor({ timeout: WAIT });
    // [RESUME] Nobody saw alice leave: her session was taken over, not ended.
    const seen = await bob.locator('.log .entry.system').allTextContents();
    expect(seen.filter((t) => /alice (left|quit|disconnected|joined)/.test(t))).toEqual([]);
  }, 90_000);

  test('[WEB-SESSION] a reload keeps the session: the page resumes at once with its rooms, and nobody sees it leave', async () => {
    const [port, http] = [await freePort(), await freePort()];
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0']);
    const bob = await NativeClient.join(port, 'bob');
    bob.send({ type: 'join', room: '#dev' });
    await bob.waitFor((f) => f.type === 'room' && f.room === '#dev', WAIT, 'bob in #dev');
    const alice = await openAs(context, http, 'alice');
    await say(alice, '/join #dev');
    await bob.waitFor((f) => f.type === 'joined' && f.nick === 'alice' && f.room === '#dev', WAIT, 'alice in #dev');
    const before = bob.frames.items.length;
    await alice.reload();
    // No nickname prompt: the tab's resume secret took its session back ([RESUME], [WS-LINGER]).
    await alice.locator('.status', { hasText: 'alice' }).waitFor({ timeout: WAIT });
    await alice.locator('.rooms button', { hasText: '#dev' }).waitFor({ timeout: WAIT });
    await alice.locator('.rooms button', { hasText: '#dev' }).click();
    await say(alice, 'back after a reload');
    await bob.waitFor(is.message('alice', 'back after a reload'), WAIT, 'the message after the reload');
    const told = bob.frames.items.slice(before).filter((f) => (f.type === 'left' || f.type === 'joined') && f.nick === 'alice');
    expect(told).toEqual([]);
    // Leaving for good still tells everyone, at once.
    await say(alice, '/quit');
    await bob.waitFor(is.left('alice', 'quit'), WAIT, 'alice quitting');
    bob.destroy();
  }, 60_000);

  /** Says `count` numbered lines as `client` at once; resolves with their texts once the last is acknowledged. */
  const burst = async (client: NativeClient, label: string, count: number) => {
    const texts = Array.from({ length: count }, (_, i) => `${label} ${String(i + 1).padStart(2, '0')}`);
    client.write(texts.map((text) => JSON.stringify({ type: 'say', text, ref: text })).join('\n') + '\n');
    await client.waitFor((f) => f.type === 'ack' && f.ref === texts[count - 1], WAIT, `the ack of ${texts[count - 1]}`);
    return texts;
  };

  test('[WEB-SEEN] [WEB-ROOM] a page away longer than a replay comes back to the room it showed with every message once, in order: what it drew, then what it missed', async () => {
    const [port, http] = [await freePort(), await freePort()];
    // The room keeps all 110 in memory: [RESUME-SEEN] replays what it keeps after `seen`.
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0', '--history', '200']);
    const writer = await NativeClient.join(port, 'writer');
    const alice = await openAs(context, http, 'alice');
    // A second room, where nothing is said.
    await say(alice, '/join #dev');
    await alice.locator('.topic', { hasText: '#dev' }).waitFor({ timeout: WAIT });
    await alice.locator('.rooms button', { hasText: '#lobby' }).click();
    const before = await burst(writer, 'before', 30);
    await seesText(alice, 'writer', 'before 30');
    // Away (close 1001: [WS-LINGER] keeps the session) while more than [RESUME-REPLAY] (50) are said.
    await alice.goto('about:blank');
    const away = await burst(writer, 'away', 80);
    await alice.goto(`http://127.0.0.1:${http}/`);
    await alice.locator('.status', { hasText: 'alice' }).waitFor({ timeout: WAIT });
    // [WEB-ROOM] A resume enters each room again (#dev last), yet the page is back in the lobby it showed, without a click.
    await seesText(alice, 'writer', 'away 80');
    expect(await alice.locator('.topic').textContent()).toBe('#lobby');
    // [WEB-CONTEXT] What it drew before comes back too (asked for after the replay, so it comes last).
    await seesText(alice, 'writer', 'before 30');
    const shown = () => alice.locator('.log .entry.message .text').allTextContents();
    await expect.poll(shown, { timeout: WAIT }).toEqual([...before, ...away]);
    // [WEB-CONTEXT] #dev was asked too; that it had nothing earlier is no news to the reader.
    // The user's own `/history` afterwards is answered after it, and shown.
    await alice.locator('.rooms button', { hasText: '#dev' }).click();
    await say(alice, '/history');
    await alice.locator('.log .entry.system', { hasText: 'no history in #dev' }).waitFor({ timeout: WAIT });
    const system = await alice.locator('.log .entry.system').allTextContents();
    expect(system.filter((t) => /earlier history/.test(t))).toEqual([]);
    // [WEB-ROOM] A page showing #dev, which is not the last room the server re-sends (#ops), reloads and shows #dev again.
    await say(alice, '/join #ops');
    await alice.locator('.topic', { hasText: '#ops' }).waitFor({ timeout: WAIT });
    await alice.locator('.rooms button', { hasText: '#dev' }).click();
    await alice.locator('.topic', { hasText: '#dev' }).waitFor({ timeout: WAIT });
    await alice.reload();
    await alice.locator('.status', { hasText: 'alice' }).waitFor({ timeout: WAIT });
    // Every room is back once #ops, the last re-sent, is listed: the topic bar is drawn with it.
    await alice.locator('.rooms button', { hasText: '#ops' }).waitFor({ timeout: WAIT });
    await expect.poll(() => alice.locator('.topic').textContent(), { timeout: WAIT }).toBe('#dev');
    writer.destroy();
  }, 90_000);

  test('[WEB-LOG] a page whose socket dropped gets what it missed after what it showed, each message once', async () => {
    const [port, http] = [await freePort(), await freePort()];
    const data = dataDir();
    const serve = ['--data', data, '--flood-rate', '0', '--history', '200'];
    const first = await startWebServer(port, http, serve);
    const alice = await openAs(context, http, 'alice');
    const before = await burst(await NativeClient.join(port, 'writer'), 'before', 30);
    await seesText(alice, 'writer', 'before 30');
    // The server goes down and comes back holding alice's session ([RESUME-GRACE]); the page,
    // offline meanwhile, misses what is said before it is back (its socket dropped, not a reload).
    first.process.kill('SIGTERM');
    await first.exit(WAIT);
    await context.setOffline(true);
    try {
      await alice.locator('.banner', { hasText: /Offline|Connecting/ }).waitFor({ timeout: WAIT });
      await startWebServer(port, http, serve);
      const scribe = await NativeClient.join(port, 'scribe');
      const away = await burst(scribe, 'away', 80);
      scribe.destroy();
      await context.setOffline(false);
      await alice.locator('.banner').waitFor({ state: 'hidden', timeout: 40_000 });
      await seesText(alice, 'scribe', 'away 80');
      const shown = () => alice.locator('.log .entry.message .text').allTextContents();
      await expect.poll(shown, { timeout: WAIT }).toEqual([...before, ...away]);
    } finally {
      await context.setOffline(false);
    }
  }, 90_000);

  test('screenshots of the page, light and dark, for the README', async () => {
    const [port, http] = [await freePort(), await freePort()];
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0']);
    const alice = await openAs(context, http, 'alice');
    const bob = await NativeClient.join(port, 'bob');
    bob.send({ type: 'say', text: 'Welcome! The notes are at https://example.org/notes' });
    await say(alice, 'thanks bob, reading them now');
    bob.send({ type: 'say', text: 'alice: ping me when you are done' });
    await seesText(alice, 'bob', 'ping me');
    await alice.emulateMedia({ colorScheme: 'light' });
    const light = await alice.screenshot();
    await alice.emulateMedia({ colorScheme: 'dark' });
    const dark = await alice.screenshot();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect([light.subarray(0, 4), dark.subarray(0, 4)]).toEqual([png, png]);
    expect(light.equals(dark)).toBe(false);
    // The README's pictures: written when missing or asked for (RXCHAT_SCREENSHOTS=1), so that an
    // ordinary run does not leave two changed binaries in the work tree.
    for (const [name, shot] of [['web-light.png', light], ['web-dark.png', dark]] as const) {
      if (process.env['RXCHAT_SCREENSHOTS'] === '1' || !existsSync(DOCS(name))) writeFileSync(DOCS(name), shot);
    }
    bob.destroy();
  }, 60_000);
});

describe('[WEB-MARKS] away and operator marks', () => {
  test('a member who joins shows as away and operator without /whois; the user\'s own /away marks them; the page\'s questions stay out of the log', async () => {
    const [port, http] = [await freePort(), await freePort()];
    const dir = dataDir();
    writeFileSync(join(dir, 'oper'), 'sesame\n');
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0', '--oper-secret-file', join(dir, 'oper')]);
    const bob = await openAs(context, http, 'bob');
    await say(bob, '/join #dev');
    await bob.locator('.topic', { hasText: '#dev' }).waitFor({ timeout: WAIT });
    const carol = await NativeClient.join(port, 'carol');
    carol.send({ type: 'away', reason: 'lunch' });
    carol.send({ type: 'oper', secret: 'sesame' });
    await carol.waitFor((f) => f.type === 'info' && /operator/i.test(f.text), WAIT, 'carol an operator');
    // The page may have asked about her lobby join before she was an operator (nothing tells a new
    // operator); she parts, so her next join is one nothing told about.
    carol.send({ type: 'part', room: '#lobby' });
    carol.send({ type: 'join', room: '#dev' });
    // [WEB-MARKS] Her join is a presence frame: the page asks about her by itself. Its questions are
    // paced (one every 1.5 s) behind those about bob and about carol's lobby join: a longer bound.
    await bob.locator('.members button.away', { hasText: '@carol' }).waitFor({ timeout: 3 * WAIT });
    await say(bob, '/away coffee');
    await bob.locator('.members button.away', { hasText: 'bob' }).waitFor({ timeout: 3 * WAIT });
    const log = await bob.locator('.log .entry').allTextContents();
    expect(log.filter((t) => /connected since/.test(t))).toEqual([]);
    // Asked by the user, the answer is shown as ever.
    await say(bob, '/whois carol');
    await bob.locator('.log .entry', { hasText: /carol \(operator\): in .*away: lunch/ }).waitFor({ timeout: WAIT });
    carol.destroy();
  }, 60_000);
});

describe('[WEB-MARKS] marks from the room pages [NAMES-MARKS]', () => {
  test('a member away and an operator before the page came shows so at once; the page asks whois about her alone, for her reason', async () => {
    const [port, http] = [await freePort(), await freePort()];
    const dir = dataDir();
    writeFileSync(join(dir, 'oper'), 'sesame\n');
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0', '--oper-secret-file', join(dir, 'oper')]);
    const dave = await NativeClient.join(port, 'dave');
    const erin = await NativeClient.join(port, 'erin');
    const carol = await NativeClient.join(port, 'carol');
    carol.send({ type: 'away', reason: 'lunch' });
    carol.send({ type: 'oper', secret: 'sesame' });
    await carol.waitFor((f) => f.type === 'info' && /operator/i.test(f.text), WAIT, 'carol an operator');
    const bob = await context.newPage();
    // Every frame the page sends, as the browser saw it leave.
    const sent: Record<string, unknown>[] = [];
    bob.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sent.push(JSON.parse(String(payload)) as Record<string, unknown>)));
    await bob.goto(`http://127.0.0.1:${http}/`);
    await say(bob, 'bob');
    const mark = bob.locator('.members button.away', { hasText: '@carol' }).locator('.away-mark');
    await mark.waitFor({ timeout: WAIT });
    // Her reason comes from the one `whois` the page asks.
    await expect.poll(() => mark.getAttribute('title'), { timeout: WAIT }).toBe('lunch');
    expect(await bob.locator('.members button', { hasText: 'erin' }).textContent()).toBe('erin');
    // A joiner nothing told about is asked about, after every question waiting before it (one queue,
    // in order): once the page asked about zed, a page asking about every member would have asked
    // about bob, dave and erin too.
    const whoisSent = () => sent.filter((f) => f['type'] === 'whois').map((f) => f['nick']);
    const zed = await NativeClient.join(port, 'zed');
    await expect.poll(whoisSent, { timeout: 3 * WAIT }).toContain('zed');
    expect(whoisSent()).toEqual(['carol', 'zed']);
    expect((await bob.locator('.log .entry').allTextContents()).filter((t) => /connected since/.test(t))).toEqual([]);
    [dave, erin, carol, zed].forEach((c) => c.destroy());
  }, 60_000);
});

describe('[WEB] the page with the keyboard alone', () => {
  test('a refused nickname is told in words; Tab completes commands and nicknames; /whois marks an away member', async () => {
    const [port, http] = [await freePort(), await freePort()];
    await startWebServer(port, http, ['--in-memory', '--flood-rate', '0']);
    const bobby = await openAs(context, http, 'bobby');
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${http}/`);
    await say(page, 'x');
    await page.locator('.log .entry.system.error', { hasText: /choose another nickname/ }).waitFor({ timeout: WAIT });
    await say(page, 'bobby');
    await page.locator('.log .entry.system.error', { hasText: /taken/i }).waitFor({ timeout: WAIT });
    await say(page, 'alice');
    await page.locator('.status', { hasText: 'alice' }).waitFor({ timeout: WAIT });
    const input = page.locator('.compose input');
    await input.fill('/jo');
    await input.press('Tab');
    expect(await input.inputValue()).toMatch(/^\/join ?$/);
    await input.fill('hi bob');
    await input.press('Tab');
    expect(await input.inputValue()).toMatch(/^hi bobby/);
    // [WEB-MARKS] Away status, as /whois tells it, marks the member.
    await say(bobby, '/away lunch');
    await bobby.locator('.log .entry.system', { hasText: /away/i }).first().waitFor({ timeout: WAIT });
    await say(page, '/whois bobby');
    await page.locator('.members button.away', { hasText: 'bobby' }).waitFor({ timeout: WAIT });
  }, 60_000);
});
