/**
 * BENCHMARK BASELINE, NOT PART OF THE PRODUCT. The smallest Node `net` chat server that speaks
 * rxchat's native frames (hello/welcome, say/message+ack, joined, and a `join` frame for the
 * rooms scenario), so the benchmark has a floor to compare rxchat with.
 *   node dist/bench/baselines/broadcaster.js --mode plain     one socket.write per recipient per message
 *   node dist/bench/baselines/broadcaster.js --mode batched   each recipient's output joined once per event-loop turn
 *   node dist/bench/baselines/broadcaster.js --mode bare      [BENCH-BARE] plain, without join or leave notices
 *     and with an empty member list in `welcome`: the least a server can do to register clients.
 * A client whose first bytes are not JSON speaks the original protocol ([LEGACY]): its first packet
 * is its nickname, answered `TRUE`; it reads `nick joined!` lines (not in bare mode). Each later
 * read is relayed as it came, as the original server did ([BENCH-STREAM]): `nick: data` to
 * original-protocol members and a `message` frame to native ones.
 * No backpressure, no limits, no validation: exactly what rxchat must not be, and as fast as it gets.
 * Prints `{"msg":"listening","port":N}` on stdout; SIGTERM exits.
 */
import { createServer, type Socket } from 'node:net';

interface Client { readonly socket: Socket; nick?: string; room: string; pending?: Buffer[]; legacy?: boolean }

const batched = process.argv.includes('batched');
const bare = process.argv.includes('bare');
const rooms = new Map<string, Set<Client>>();
const dirty = new Set<Client>();
let nextId = 1;
let flushScheduled = false;

function flushAll(): void {
  flushScheduled = false;
  for (const client of dirty) {
    const chunks = client.pending!;
    client.pending = undefined;
    if (!client.socket.destroyed) client.socket.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  }
  dirty.clear();
}

function send(client: Client, bytes: Buffer): void {
  if (!batched) {
    if (!client.socket.destroyed) client.socket.write(bytes);
    return;
  }
  if (client.pending) client.pending.push(bytes);
  else {
    client.pending = [bytes];
    dirty.add(client);
  }
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushAll);
  }
}

function frame(value: object): Buffer {
  return Buffer.from(JSON.stringify(value) + '\n');
}

function broadcast(room: string, except: Client | undefined, value: object, legacyText?: string): void {
  const bytes = frame(value); // serialised once for every recipient
  const legacy = legacyText === undefined ? undefined : Buffer.from(legacyText);
  for (const member of rooms.get(room) ?? []) {
    if (member === except) continue;
    if (!member.legacy) send(member, bytes);
    else if (legacy) send(member, legacy);
  }
}

/** The original protocol's registration: the first packet is the nickname. */
function helloLegacy(client: Client, nick: string): void {
  client.legacy = true;
  client.nick = nick;
  enter(client, '#lobby');
  send(client, Buffer.from('TRUE'));
  if (!bare) broadcast('#lobby', client, { type: 'joined', ts: Date.now(), room: '#lobby', nick }, `${nick} joined!\n`);
}

/** [BENCH-STREAM] Every later read of an original-protocol client is a message, relayed as it came. */
function relayLegacy(client: Client, data: string): void {
  const { nick, room } = client;
  broadcast(room, client, { type: 'message', id: nextId++, ts: Date.now(), room, from: nick, text: data }, `${nick}: ${data}\n`);
}

function enter(client: Client, room: string): void {
  rooms.get(client.room)?.delete(client);
  client.room = room;
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(client);
}

function handle(client: Client, line: string): void {
  const f = JSON.parse(line) as { type: string; nick?: string; text?: string; ref?: string; room?: string };
  const ts = Date.now();
  if (f.type === 'hello' && client.nick === undefined) {
    client.nick = f.nick!;
    enter(client, '#lobby');
    const members = bare ? [] : [...rooms.get('#lobby')!].map((c) => c.nick);
    send(client, frame({ type: 'welcome', version: 1, nick: client.nick, room: '#lobby', members, maxFrameBytes: 16384, maxTextLength: 4000 }));
    if (!bare) broadcast('#lobby', client, { type: 'joined', ts, room: '#lobby', nick: client.nick }, `${client.nick} joined!\n`);
  } else if (f.type === 'say' && client.nick !== undefined) {
    const id = nextId++;
    broadcast(client.room, client, { type: 'message', id, ts, room: client.room, from: client.nick, text: f.text }, `${client.nick}: ${f.text}\n`);
    send(client, frame(f.ref === undefined ? { type: 'ack', id, ts } : { type: 'ack', id, ts, ref: f.ref }));
  } else if (f.type === 'join' && client.nick !== undefined && typeof f.room === 'string') {
    enter(client, f.room);
    broadcast(f.room, undefined, { type: 'joined', ts, room: f.room, nick: client.nick });
  }
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  const client: Client = { socket, room: '' };
  let carry = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (client.nick === undefined && carry === '' && !chunk.startsWith('{')) return helloLegacy(client, chunk.trim());
    if (client.legacy) return relayLegacy(client, chunk);
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    for (const line of lines) handle(client, line);
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    rooms.get(client.room)?.delete(client);
    if (client.nick !== undefined && !bare) {
      broadcast(client.room, undefined, { type: 'left', ts: Date.now(), room: client.room, nick: client.nick, reason: 'disconnected' }, `${client.nick} disconnected!\n`);
    }
  });
});
// The same accept queue as rxchat's (streams/listen.ts): with node's default of 511, a storm of
// thousands of connects at once overflows it and clients wait a second to retry, which measures
// the kernel, not the server.
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(JSON.stringify({ msg: 'listening', port: address.port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
