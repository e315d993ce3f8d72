/**
 * Collects items as they arrive and lets a test wait, with a bound, for one that matches.
 * `waitFor` looks at everything collected so far, then at what comes next; it rejects with what
 * was seen when the time is up, or when the source ends without a match.
 */
export class Collector<T> {
  readonly items: T[] = [];
  private ended = false;
  private waiters = new Set<() => void>();
  private listeners: ((item: T) => void)[] = [];

  push(item: T): void {
    this.items.push(item);
    for (const listener of this.listeners) listener(item);
    this.wake();
  }

  /** Calls `listener` with every item collected so far and every later one. */
  each(listener: (item: T) => void): void {
    this.items.forEach(listener);
    this.listeners.push(listener);
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  waitFor(predicate: (item: T) => boolean, timeoutMs: number, what = 'a matching item'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let next = 0;
      const check = (): boolean => {
        for (; next < this.items.length; next++) {
          const item = this.items[next]!;
          if (predicate(item)) return settle(() => resolve(item));
        }
        if (this.ended) return settle(() => reject(new Error(`ended without ${what}; saw ${this.describe()}`)));
        return false;
      };
      const timer = setTimeout(() => settle(() => reject(new Error(`no ${what} within ${timeoutMs} ms; saw ${this.describe()}`))), timeoutMs);
      const settle = (fn: () => void): true => {
        clearTimeout(timer);
        this.waiters.delete(check);
        fn();
        return true;
      };
      if (!check()) this.waiters.add(check);
    });
  }

  /** Waits until `count` items match; counts as items arrive, so long floods stay cheap. */
  waitForCount(predicate: (item: T) => boolean, count: number, timeoutMs: number, what = 'items'): Promise<T[]> {
    const matched = this.items.filter(predicate);
    let seen = this.items.length;
    return this.waitFor(() => {
      for (; seen < this.items.length; seen++) if (predicate(this.items[seen]!)) matched.push(this.items[seen]!);
      return matched.length >= count;
    }, timeoutMs, `${count} ${what}`).then(() => matched, (error: Error) => {
      throw new Error(`${error.message} (matched ${matched.length})`);
    });
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }

  private describe(): string {
    const shown = this.items.slice(-8).map((i) => JSON.stringify(i)).join(', ');
    return `${this.items.length} item(s)${shown ? `, last: ${shown.slice(0, 800)}` : ''}`;
  }
}

/** Feeds a byte stream's lines (LF-terminated, CR dropped) into a collector; the tail is a line at the end. */
export function collectLines(stream: NodeJS.ReadableStream, into: Collector<string> = new Collector()): Collector<string> {
  let carry = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    for (const p of parts) into.push(p.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (carry) into.push(carry);
    into.end();
  });
  return into;
}
