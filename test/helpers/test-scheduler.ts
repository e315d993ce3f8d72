import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

/** A fresh TestScheduler that asserts with vitest's deep equality; make one per test. */
export function createTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string, for marble values. */
export const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Readable form of a framing item: the line's text, `<overflow>` or `<native>`/`<legacy>`. */
export function showItem(item: { kind: string; bytes?: Uint8Array; adapter?: { id: string } }): string {
  if (item.kind === 'line') return decoder.decode(item.bytes);
  if (item.kind === 'protocol') return `<${item.adapter!.id}>`;
  return `<${item.kind}>`;
}
