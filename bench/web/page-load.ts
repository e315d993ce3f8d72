/**
 * [WEB-BENCH] The page's weight and its time to first message, in Debian's Chromium, printed
 * (one run, never a timed test): `npm run build && node dist/bench/web/page-load.js`.
 * Weight: the bytes the browser received on a first load (headers included, no cache).
 * Time to first message: from navigation to the first chat line drawn, the nickname typed as soon
 * as the input exists (the history replayed in the welcome holds one message).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const [port, http] = [await freePort(), await freePort()];
const server = spawn(process.execPath, [MAIN, 'serve', '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--http-port', String(http)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => server.stdout!.on('data', (chunk: Buffer) => String(chunk).includes('"protocol":"websocket"') && resolve()));
const writer = connect({ host: '127.0.0.1', port });
writer.write('{"type":"hello","version":1,"nick":"writer"}\n{"type":"say","text":"first message"}\n');
await new Promise((resolve) => setTimeout(resolve, 300));

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'rxchat-bench-')), { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
let bytes = 0;
cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
const started = performance.now();
await page.goto(`http://127.0.0.1:${http}/`);
const input = page.locator('.compose input');
await input.fill('reader');
await input.press('Enter');
await page.locator('.log .entry.message', { hasText: 'first message' }).waitFor({ timeout: 10_000 });
const firstMessageMs = performance.now() - started;
console.log(`page weight: ${bytes} bytes on first load (${(bytes / 1024).toFixed(1)} KiB)`);
console.log(`time to first message: ${firstMessageMs.toFixed(0)} ms (navigation to the first chat line drawn, nickname typed at once)`);
await context.close();
writer.destroy();
server.kill('SIGTERM');
