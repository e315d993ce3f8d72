/**
 * [BENCH-STORM] The clients of a registration storm and what each of them knows about the room.
 * A native client keeps the room's member list from its `room` frame (asking for every further
 * page), `joined`, `left` and `presence` frames; an original-protocol client keeps the names its
 * join lines announced (`ann joined!`, `3 joined: ann, bob, cy`). Nothing here measures time.
 */
import { connect, type Socket } from 'node:net';

export interface StormClient {
  readonly nick: string;
  readonly socket: Socket;
  /** When the server registered it (its `welcome` or `TRUE` arrived), ms since the storm began. */
  registeredAt?: number;
  /** Native: the member list it holds. Legacy: every name announced to it as joining. */
  readonly names: Set<string>;
  /** Legacy: names announced more than once (a coalescing bug would show here). */
  repeats: number;
  /** When `names` last changed, ms since the storm began. */
  changedAt: number;
  /** A frame or line it could not read, if any. */
  problem?: string;
  /** Chat messages read, and whether their sender was in `names` by then ([PRESENCE-ORDER]). */
  readonly messages: { readonly from: string; readonly knewSender: boolean }[];
  /** Legacy: join lines read (`ann joined!` and `3 joined: ...` each count once). */
  joinLines: number;
}

/** How the storm learns what happened, to count without scanning every client. */
export interface StormListener {
  registered(client: StormClient): void;
  changed(client: StormClient): void;
}

/** Opens one client to 127.0.0.1:`port` and registers `nick`; the listener hears of each change. */
export function openStormClient(port: number, nick: string, legacy: boolean, clock: () => number, listener: StormListener): StormClient {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  const client: StormClient = { nick, socket, names: new Set(), repeats: 0, changedAt: 0, messages: [], joinLines: 0 };
  socket.once('connect', () => socket.write(legacy ? nick : `{"type":"hello","version":1,"nick":"${nick}"}\n`));
  socket.on('error', (error) => {
    client.problem ??= `socket: ${error.message}`;
  });
  let carry = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    let text = carry + chunk;
    if (legacy && client.registeredAt === undefined) {
      if (text.length < 4) return void (carry = text);
      if (!text.startsWith('TRUE')) return void (client.problem ??= `refused: ${text.slice(0, 80)}`);
      text = text.slice(4);
      client.registeredAt = clock();
      listener.registered(client);
    }
    const lines = text.split('\n');
    carry = lines.pop()!;
    for (const line of lines) if (legacy ? readLegacyLine(client, line) : readNativeLine(client, line)) {
      client.changedAt = clock();
      listener.changed(client);
    }
    if (!legacy && client.registeredAt === undefined && client.names.size > 0) {
      client.registeredAt = clock();
      listener.registered(client);
    }
  });
  return client;
}

/** A native frame; true when the member list changed. Registration is when the first room frame lists the client. */
function readNativeLine(client: StormClient, line: string): boolean {
  const frame = JSON.parse(line) as {
    type: string; nick?: string; room?: string; members?: string[]; next?: string; after?: string;
    joined?: string[]; left?: { nick: string }[]; from?: string;
  };
  const names = client.names;
  switch (frame.type) {
    case 'welcome':
      // The bare baseline's welcome is the whole registration; rxchat's room frame follows it.
      for (const nick of frame.members ?? []) names.add(nick);
      names.add(client.nick);
      return true;
    case 'room':
      if (frame.after === undefined) names.clear();
      for (const nick of frame.members!) names.add(nick);
      if (frame.next !== undefined) client.socket.write(`{"type":"names","room":"#lobby","after":"${frame.next}"}\n`);
      return true;
    case 'joined':
      names.add(frame.nick!);
      return true;
    case 'left':
      names.delete(frame.nick!);
      return true;
    case 'presence':
      for (const leave of frame.left!) names.delete(leave.nick);
      for (const nick of frame.joined!) names.add(nick);
      return true;
    case 'error':
      client.problem ??= `error frame: ${line.slice(0, 120)}`;
      return false;
    case 'message':
      client.messages.push({ from: frame.from!, knewSender: names.has(frame.from!) });
      return false;
    default:
      return false;
  }
}

/** An original-protocol line; true when it announced names. */
function readLegacyLine(client: StormClient, line: string): boolean {
  const many = /^(\d+) joined: (.*)$/.exec(line);
  const one = /^(\S+) joined!$/.exec(line);
  const names = many ? many[2]!.split(', ') : one ? [one[1]!] : [];
  const said = names.length === 0 ? /^([^\s:]+): /.exec(line) : null;
  if (said) client.messages.push({ from: said[1]!, knewSender: client.names.has(said[1]!) });
  if (names.length > 0) client.joinLines++;
  if (many && names.length !== Number(many[1])) client.problem ??= `"${line.slice(0, 80)}" counts ${many[1]} but names ${names.length}`;
  for (const nick of names) {
    if (client.names.has(nick)) client.repeats++;
    client.names.add(nick);
  }
  return names.length > 0;
}
