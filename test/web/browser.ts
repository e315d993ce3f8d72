import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { Collector } from '../helpers/collector.js';
import { MAIN, spawnChild, type Child } from '../helpers/processes.js';

/** [WEB-TEST] Debian's Chromium, never a downloaded browser; .ci/run installs it when missing. */
export const CHROMIUM = process.env['RXCHAT_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WAIT = 10_000;

/** A headless Chromium with a fresh profile (`--user-data-dir` of its own). */
export function launchBrowser(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'rxchat-chromium-'));
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1000, height: 640 } });
}

/** The port the kernel chose for a bind to port 0, released again. */
function bindZero(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const given = new Set<number>();

/**
 * A port free on 127.0.0.1 now (a restarted server must find its ports again, so not port 0), never
 * one this process was given before: under load the kernel hands a just-released port out again,
 * and a test asking for two (main and web) got the same one twice.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindZero();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
  throw new Error('no new free port on 127.0.0.1 in 50 attempts');
}

export interface WebServer extends Child {
  readonly logs: Collector<Record<string, unknown>>;
}

/** `rxchat serve` with the web page on `httpPort`; resolves once both ports listen. */
export async function startWebServer(port: number, httpPort: number, extra: readonly string[]): Promise<WebServer> {
  const child = spawnChild(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', String(port), '--http-port', String(httpPort), '--irc-port', '0', ...extra]);
  const logs = new Collector<Record<string, unknown>>();
  child.stdout.each((line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  });
  await logs.waitFor((l) => l['msg'] === 'listening' && l['protocol'] === 'websocket', WAIT, 'the web port listening');
  await logs.waitFor((l) => l['msg'] === 'server started', WAIT, 'the server started');
  return Object.assign(child, { logs });
}

/** Opens the page and registers `nick` through its prompt. */
export async function openAs(context: BrowserContext, httpPort: number, nick: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${httpPort}/`);
  await say(page, nick);
  await page.locator('.status', { hasText: nick }).waitFor({ timeout: WAIT });
  return page;
}

/** Types a line into the input and presses Enter, as a person would. */
export async function say(page: Page, line: string): Promise<void> {
  const input = page.locator('.compose input');
  await input.fill(line);
  await input.press('Enter');
}

/** Waits until an entry of the visible log has exactly this text after its sender. */
export function seesText(page: Page, from: string, text: string) {
  return page.locator('.log .entry', { has: page.locator('.text', { hasText: text }) }).filter({ hasText: from }).first().waitFor({ timeout: WAIT });
}
