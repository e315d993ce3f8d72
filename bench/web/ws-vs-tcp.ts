/**
 * [WEB-BENCH] Fan-out to receivers on WebSocket against the same on native TCP, in one run, printed
 * (never a timed test): `npm run build && node dist/bench/web/ws-vs-tcp.js [receivers] [messages]`.
 * One sender (TCP) says `messages` lines in #lobby, paced in bursts of 20 per 10 ms; every receiver
 * reads them all. Deliveries per second = receivers x messages / time from the first send to the
 * last receipt; p99 = the 99th percentile of send-to-receipt latency over every delivery.
 * Not scenario (B) of `npm run bench`: a smaller stand-in for it, on the same machine.
 */
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const receivers = Number(process.argv[2] ?? 50);
const messages = Number(process.argv[3] ?? 2000);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A receiver: calls `onText` with each message text it reads, resolves once welcomed. */
type Receiver = { close(): void };
function tcpReceiver(port: number, nick: string, onText: (text: string) => void): Promise<Receiver> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let carry = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop()!;
      for (const line of lines) {
        const frame = JSON.parse(line) as { type: string; text?: string };
        if (frame.type === 'welcome') resolve({ close: () => socket.destroy() });
        else if (frame.type === 'message') onText(frame.text!);
      }
    });
    socket.write(`{"type":"hello","version":1,"nick":"${nick}"}\n`);
  });
}
function wsReceiver(port: number, nick: string, onText: (text: string) => void): Promise<Receiver> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.on('open', () => ws.send(`{"type":"hello","version":1,"nick":"${nick}"}`));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; text?: string };
      if (frame.type === 'welcome') resolve({ close: () => ws.terminate() });
      else if (frame.type === 'message') onText(frame.text!);
    });
  });
}

async function run(kind: 'tcp' | 'websocket'): Promise<{ perSec: number; p99: number }> {
  const [port, http] = [await freePort(), await freePort()];
  const server = spawn(process.execPath, [MAIN, 'serve', '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--http-port', String(http),
    '--irc-port', '0', '--flood-rate', '0', '--history', '0', '--max-per-address', '10000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.on('data', (chunk: Buffer) => String(chunk).includes('"server started"') && resolve()));
  const latencies: number[] = [];
  let received = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const onText = (text: string) => {
    latencies.push(performance.now() - Number(text.slice(0, text.indexOf(' '))));
    if (++received === receivers * messages) done();
  };
  const list: Receiver[] = [];
  for (let i = 0; i < receivers; i++) list.push(await (kind === 'tcp' ? tcpReceiver(port, `recv${i}`, onText) : wsReceiver(http, `recv${i}`, onText)));
  const sender = await new Promise<Socket>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
  });
  sender.write('{"type":"hello","version":1,"nick":"sender"}\n');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  for (let i = 0; i < messages; i += 20) {
    let batch = '';
    for (let j = i; j < Math.min(messages, i + 20); j++) batch += JSON.stringify({ type: 'say', text: `${performance.now()} message ${j}` }) + '\n';
    sender.write(batch);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  const seconds = (performance.now() - started) / 1000;
  list.forEach((r) => r.close());
  sender.destroy();
  server.kill('SIGTERM');
  latencies.sort((a, b) => a - b);
  return { perSec: received / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN };
}

const tcp = await run('tcp');
const ws = await run('websocket');
console.log(`${receivers} receivers x ${messages} messages`);
console.log(`tcp:       ${tcp.perSec.toFixed(0)} deliveries/s, p99 ${tcp.p99.toFixed(1)} ms`);
console.log(`websocket: ${ws.perSec.toFixed(0)} deliveries/s, p99 ${ws.p99.toFixed(1)} ms`);
console.log(`ratio websocket/tcp: ${(ws.perSec / tcp.perSec).toFixed(2)} (throughput), ${(ws.p99 / tcp.p99).toFixed(2)} (p99)`);
process.exit(0);
