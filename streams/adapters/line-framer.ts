import { initialSplitState, splitLines, type SplitItem } from '../../src/line-splitter.js';
import type { Framer } from './protocol-adapter.js';

const NONE: readonly SplitItem[] = [];

/**
 * [FRAMING] The newline framing: lines end at LF, a line longer than `maxBytes` becomes one
 * `overflow` item and is skipped to its LF, so memory stays bounded by `maxBytes`.
 */
export function createLineFramer(maxBytes: number): Framer {
  let state = initialSplitState;
  let items = NONE;
  let at = 0;
  return {
    push(chunk) {
      const result = splitLines(state, chunk, maxBytes);
      state = result.state;
      // Lines not handed out yet stay first (a paced reader may push before it drained).
      items = at < items.length ? [...items.slice(at), ...result.items] : result.items;
      at = 0;
    },
    next: () => (at < items.length ? items[at++] : undefined),
    hasLine: () => at < items.length,
    get bufferedBytes() {
      let bytes = state.carry.length;
      for (let i = at; i < items.length; i++) bytes += (items[i] as { bytes?: Uint8Array }).bytes?.length ?? 0;
      return bytes;
    },
  };
}
