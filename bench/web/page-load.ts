/**
 * [WEB-BENCH] The page's weight and its time to first message, in Debian's Chromium: one run, part
 * of `npm run bench` (scenario W), never a timed test.
 * Weight: the bytes the browser received on a first load (headers included, no cache).
 * Time to first message: from navigation to the first chat line drawn, the nickname typed as soon
 * as the input exists (the history replayed in the welcome holds one message).
 * Every wait is bounded; the server (a child, stopped by its PID) and the browser are closed whatever happens.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, startServer } from '../server-process.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15_000;

/** What scenario W measured, or why it did not run. */
export type PageFigures = { readonly pageBytes: number; readonly firstMessageMs: number } | { readonly skipped: string };

/** Loads the page of a fresh `rxchat serve` in Chromium and reads its weight and time to first message. */
export async function measurePageLoad(): Promise<PageFigures> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install chromium)` };
  const port = await freePort();
  const http = await freePort([port]);
  const args = [MAIN, 'serve', '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--irc-port', '0', '--http-port', String(http)];
  const server = await startServer(process.execPath, args, WAIT_MS, port);
  const profile = mkdtempSync(join(tmpdir(), 'rxchat-bench-page-'));
  const writer = connect({ host: '127.0.0.1', port: server.port });
  writer.on('error', () => {});
  try {
    writer.write('{"type":"hello","version":1,"nick":"writer"}\n{"type":"say","text":"first message"}\n');
    await sleep(300);
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: WAIT_MS });
    try {
      return await firstLoad(context, http);
    } finally {
      await context.close();
    }
  } finally {
    writer.destroy();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function firstLoad(context: Awaited<ReturnType<typeof chromium.launchPersistentContext>>, http: number): Promise<PageFigures> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let pageBytes = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (pageBytes += event.encodedDataLength));
  const started = performance.now();
  await page.goto(`http://127.0.0.1:${http}/`, { timeout: WAIT_MS });
  const input = page.locator('.compose input');
  await input.fill('reader', { timeout: WAIT_MS });
  await input.press('Enter', { timeout: WAIT_MS });
  await page.locator('.log .entry.message', { hasText: 'first message' }).waitFor({ timeout: WAIT_MS });
  return { pageBytes, firstMessageMs: performance.now() - started };
}

/** Scenario W as printed by `npm run bench`. */
export function formatPageLoad(figures: PageFigures): string {
  const lines = ['### (W) the web page in Chromium: weight of a first load, time to the first message', ''];
  if ('skipped' in figures) return [...lines, `skipped: ${figures.skipped}`].join('\n');
  return [...lines,
    '| page weight (bytes, headers included, uncompressed) | time to first message (ms, navigation to the first chat line drawn) |',
    '|---|---|',
    `| ${figures.pageBytes.toLocaleString('en')} (${(figures.pageBytes / 1024).toFixed(1)} KiB) | ${figures.firstMessageMs.toFixed(0)} |`,
  ].join('\n');
}
