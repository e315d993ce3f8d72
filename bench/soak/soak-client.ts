import { connect, type Socket } from 'node:net';

/**
 * One soak client and its ledger. With only `say` frames to `#lobby` in play, message ids are
 * dense, and on any one connection the ids of live messages from others and of its own acks
 * arrive strictly in order, one apart ([SAY]: the server's order is every member's order). So
 * each client proves its own share with O(1) memory: a step of 1 is a delivery, a step back is
 * a duplicate, a jump forward is a loss.
 */
export interface SoakLedger {
  /** Messages from others received live (not history). */
  delivered: number;
  duplicated: number;
  lost: number;
  /** Own messages the server acknowledged. */
  acked: number;
  /** Error frames received, by code. */
  readonly errors: Map<string, number>;
  first: number | undefined;
  last: number | undefined;
}

export interface SoakClient {
  readonly nick: string;
  readonly ledger: SoakLedger;
  /** Resolves once closed. */
  readonly closed: Promise<void>;
  /** Says one line and resolves with its id once acknowledged; rejects after `ms`. */
  say(text: string, ms: number): Promise<number>;
  /** Leaves the way `how` says, and resolves once the socket has closed. */
  leave(how: 'quit' | 'end' | 'reset'): Promise<void>;
  /** Most recent id seen on this connection. */
  readonly lastId: number | undefined;
}

/** Connects and registers `nick`; resolves after `welcome`, rejects after `ms` or on refusal. */
export function openSoakClient(port: number, nick: string, ms: number): Promise<SoakClient> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  const ledger: SoakLedger = { delivered: 0, duplicated: 0, lost: 0, acked: 0, errors: new Map(), first: undefined, last: undefined };
  const acks = new Map<string, (id: number) => void>();
  let welcomed: (() => void) | undefined;
  let refused: ((e: Error) => void) | undefined;
  let carry = '';
  let nextRef = 0;

  const step = (id: number) => {
    if (ledger.last === undefined) ledger.first = id;
    else if (id <= ledger.last) return void ledger.duplicated++;
    else if (id > ledger.last + 1) ledger.lost += id - ledger.last - 1;
    ledger.last = id;
  };
  const onFrame = (f: Record<string, unknown>) => {
    switch (f['type']) {
      case 'message':
        if (f['history'] === true) return;
        ledger.delivered++;
        return step(f['id'] as number);
      case 'ack': {
        ledger.acked++;
        step(f['id'] as number);
        const done = acks.get(f['ref'] as string);
        acks.delete(f['ref'] as string);
        return done?.(f['id'] as number);
      }
      case 'welcome':
        return welcomed?.();
      case 'ping':
        return void socket.write(`{"type":"pong","ref":${JSON.stringify(f['ref'])}}\n`);
      case 'error': {
        const code = String(f['code']);
        ledger.errors.set(code, (ledger.errors.get(code) ?? 0) + 1);
        return refused?.(new Error(`${nick}: ${code}`));
      }
      default:
    }
  };
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    const lines = (carry + text).split('\n');
    carry = lines.pop()!;
    for (const line of lines) onFrame(JSON.parse(line) as Record<string, unknown>);
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  const client: SoakClient = {
    nick,
    ledger,
    closed,
    get lastId() {
      return ledger.last;
    },
    say(text, waitMs) {
      const ref = String(nextRef++);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => (acks.delete(ref), reject(new Error(`${nick}: no ack for ${ref} within ${waitMs} ms`))), waitMs);
        acks.set(ref, (id) => (clearTimeout(timer), resolve(id)));
        socket.write(`{"type":"say","text":${JSON.stringify(text)},"ref":"${ref}"}\n`);
      });
    },
    leave(how) {
      if (how === 'quit') socket.write('{"type":"quit"}\n');
      else if (how === 'end') socket.end();
      else socket.resetAndDestroy();
      return closed;
    },
  };
  return new Promise<SoakClient>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${nick}: no welcome within ${ms} ms`)), ms);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    welcomed = () => (clearTimeout(timer), (welcomed = refused = undefined), resolve(client));
    refused = fail;
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.removeListener('error', fail);
      socket.write(`{"type":"hello","version":1,"nick":"${nick}"}\n`);
    });
  });
}
