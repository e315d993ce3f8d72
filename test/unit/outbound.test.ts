import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { createOutbound, type OutboundTimers } from '../../streams/outbound.js';

/** An in-memory sink: writes are recorded; while `full`, `write` returns false and bytes pile up unread. */
class MemorySink extends EventEmitter {
  writes: string[] = [];
  writableLength = 0;
  destroyed = false;
  ended = false;
  full = false;
  write(chunk: Uint8Array): boolean {
    this.writes.push(Buffer.from(chunk).toString());
    if (this.full) this.writableLength += chunk.length;
    return !this.full;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The peer read everything. */
  drain(): void {
    this.full = false;
    this.writableLength = 0;
    this.emit('drain');
  }
}

/** Timers the test turns by hand: `turn()` ends the current event-loop turn, `elapse(ms)` moves the clock. */
class ManualTimers implements OutboundTimers {
  now = 0;
  deferred: (() => void)[] = [];
  timeouts = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timeouts.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timeouts.delete(handle as number);
  }
  defer(fn: () => void): void {
    this.deferred.push(fn);
  }
  turn(): void {
    const fns = this.deferred;
    this.deferred = [];
    fns.forEach((fn) => fn());
  }
  elapse(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timeouts]) {
      if (t.at <= this.now && this.timeouts.delete(id)) t.fn();
    }
  }
}

const bytes = (s: string) => Buffer.from(s);

function setup(overrides: { maxQueuedBytes?: number; drainTimeoutMs?: number; closeTimeoutMs?: number } = {}) {
  const sink = new MemorySink();
  const timers = new ManualTimers();
  const outbound = createOutbound(sink, { maxQueuedBytes: 100, drainTimeoutMs: 1_000, closeTimeoutMs: 500, timers, ...overrides });
  return { sink, timers, outbound };
}

describe('createOutbound: bounded, batched writes', () => {
  test('bytes queued in one turn are written once, together, at the end of the turn', () => {
    const { sink, timers, outbound } = setup();
    outbound.enqueue(bytes('a\n'));
    outbound.enqueue(bytes('b\n'));
    outbound.enqueue(bytes('c\n'));
    expect(sink.writes).toEqual([]);
    expect(timers.deferred).toHaveLength(1);
    expect(outbound.queuedBytes).toBe(6);
    timers.turn();
    expect(sink.writes).toEqual(['a\nb\nc\n']);
    outbound.enqueue(bytes('d\n'));
    timers.turn();
    expect(sink.writes).toEqual(['a\nb\nc\n', 'd\n']);
    expect(outbound.slowBytes).toBeUndefined();
  });

  test('[SLOW-BYTES] past maxQueuedBytes of unread output the peer is dropped: slowBytes set, socket destroyed, nothing more written', () => {
    const { sink, timers, outbound } = setup({ maxQueuedBytes: 100 });
    sink.full = true;
    outbound.enqueue(bytes('x'.repeat(60)));
    timers.turn();
    expect(sink.writableLength).toBe(60);
    expect(sink.destroyed).toBe(false);
    outbound.enqueue(bytes('y'.repeat(30)));
    expect(sink.destroyed).toBe(false);
    outbound.enqueue(bytes('z'.repeat(20)));
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBe(110);
    outbound.enqueue(bytes('late'));
    timers.turn();
    expect(sink.writes).toHaveLength(1);
  });

  test('[SLOW-BYTES] a burst bigger than the bound within one turn is written at once when the socket takes it', () => {
    const { sink, timers, outbound } = setup({ maxQueuedBytes: 10 });
    outbound.enqueue(bytes('0123456789'));
    expect(sink.writes).toEqual([]);
    outbound.enqueue(bytes('!'));
    expect(sink.destroyed).toBe(false);
    expect(sink.writes).toEqual(['0123456789!']);
    outbound.enqueue(bytes('more'));
    timers.turn();
    expect(sink.writes).toEqual(['0123456789!', 'more']);
    expect(outbound.slowBytes).toBeUndefined();
  });

  test('[SLOW-BYTES] a burst bigger than the bound goes to the socket; the peer is judged when the next turn finds it unread', () => {
    const { sink, timers, outbound } = setup({ maxQueuedBytes: 10 });
    sink.full = true;
    outbound.enqueue(bytes('0123456789'));
    outbound.enqueue(bytes('!'));
    // Our own fresh write is not the peer's fault: it has had no chance to read it yet.
    expect(sink.destroyed).toBe(false);
    expect(sink.writes).toEqual(['0123456789!']);
    timers.turn();
    // A turn later the 11 bytes are still unread, past the bound of 10: too far behind.
    outbound.enqueue(bytes('?'));
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBe(11);
  });

  test('[SLOW-BYTES] a reader that keeps up is never dropped, however big a turn (a TLS socket counts fresh writes as unsent)', () => {
    const { sink, timers, outbound } = setup({ maxQueuedBytes: 10 });
    // The socket holds what we just wrote until the turn ends, then the peer has read it all.
    sink.write = (chunk: Uint8Array) => {
      sink.writes.push(Buffer.from(chunk).toString());
      sink.writableLength += chunk.length;
      return false;
    };
    for (let turn = 0; turn < 3; turn++) {
      for (let i = 0; i < 3; i++) outbound.enqueue(bytes('0123456789'));
      timers.turn();
      sink.drain();
    }
    expect(sink.destroyed).toBe(false);
    expect(sink.writes.join('')).toHaveLength(90);
  });

  test('[SLOW-BYTES] a reader that had drained is handed the whole turn, however big; the next turn judges what it left unread', () => {
    const { sink, timers, outbound } = setup({ maxQueuedBytes: 10 });
    // The socket takes everything and refuses nothing, but passes nothing on within the turn (as TLS does).
    sink.write = (chunk: Uint8Array) => {
      sink.writes.push(Buffer.from(chunk).toString());
      sink.writableLength += chunk.length;
      return true;
    };
    for (let i = 0; i < 100; i++) outbound.enqueue(bytes('0123456789'));
    // 100 bounds in one turn: none of it is the peer's lag.
    expect(sink.destroyed).toBe(false);
    timers.turn();
    expect(sink.writes.join('')).toHaveLength(1_000);
    // It read them all: the next turn goes on.
    sink.writableLength = 0;
    for (let i = 0; i < 100; i++) outbound.enqueue(bytes('0123456789'));
    timers.turn();
    expect(sink.destroyed).toBe(false);
    // It read nothing of those: the first byte of the next turn finds 1,000 unread > 10.
    outbound.enqueue(bytes('?'));
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBe(1_000);
  });

  test('[SLOW-BYTES] a socket still full from an earlier turn takes at most the bound, our queue included', () => {
    const { sink, timers, outbound } = setup({ maxQueuedBytes: 10 });
    sink.full = true;
    outbound.enqueue(bytes('12345'));
    timers.turn();
    // Refused and not drained: within the next turn the 5 unsent plus what waits here stay within 10.
    outbound.enqueue(bytes('12345'));
    expect(sink.destroyed).toBe(false);
    outbound.enqueue(bytes('!'));
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBe(11);
  });

  test('[SLOW-DRAIN] a socket that stays full for drainTimeoutMs is dropped', () => {
    const { sink, timers, outbound } = setup({ drainTimeoutMs: 1_000 });
    sink.full = true;
    outbound.enqueue(bytes('hello\n'));
    timers.turn();
    timers.elapse(999);
    expect(sink.destroyed).toBe(false);
    timers.elapse(1);
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBe(6);
    expect(sink.listenerCount('drain')).toBe(0);
  });

  test('[SLOW-DRAIN] no drop when drain comes in time; later writes go on', () => {
    const { sink, timers, outbound } = setup({ drainTimeoutMs: 1_000 });
    sink.full = true;
    outbound.enqueue(bytes('one\n'));
    timers.turn();
    timers.elapse(900);
    sink.drain();
    expect(timers.timeouts.size).toBe(0);
    timers.elapse(10_000);
    expect(sink.destroyed).toBe(false);
    outbound.enqueue(bytes('two\n'));
    timers.turn();
    expect(sink.writes).toEqual(['one\n', 'two\n']);
    expect(outbound.slowBytes).toBeUndefined();
  });

  test('end() flushes what is queued, then ends; nothing is accepted after it', () => {
    const { sink, timers, outbound } = setup();
    outbound.enqueue(bytes('bye\n'));
    outbound.end();
    expect(sink.ended).toBe(false);
    outbound.enqueue(bytes('too late\n'));
    timers.turn();
    expect(sink.writes).toEqual(['bye\n']);
    expect(sink.ended).toBe(true);
    expect(sink.destroyed).toBe(false);
  });

  test('end() with nothing queued ends at once; a close that takes too long is cut after closeTimeoutMs', () => {
    const { sink, timers, outbound } = setup({ closeTimeoutMs: 500 });
    outbound.end();
    expect(sink.ended).toBe(true);
    timers.elapse(499);
    expect(sink.destroyed).toBe(false);
    timers.elapse(1);
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBeUndefined();
  });

  test('destroy() drops everything at once, and is idempotent', () => {
    const { sink, timers, outbound } = setup();
    outbound.enqueue(bytes('lost\n'));
    outbound.destroy();
    outbound.destroy();
    timers.turn();
    expect(sink.writes).toEqual([]);
    expect(sink.destroyed).toBe(true);
    expect(outbound.slowBytes).toBeUndefined();
  });
});
