import { EventEmitter } from 'node:events';

/** An EventEmitter standing in for a socket's read side: tests emit `data`, `error`, `close`. */
export class FakeSocket extends EventEmitter {
  destroyCalls = 0;
  destroy(): void {
    this.destroyCalls++;
  }
  /** Listeners still attached for the events `fromSocket` uses. */
  listening(): number {
    return this.listenerCount('data') + this.listenerCount('error') + this.listenerCount('close');
  }
}
