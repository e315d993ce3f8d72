/** The ids of the protocols the main port tells apart ([SNIFF]); the adapters live at the edge. */
export type SniffedProtocol = 'native' | 'legacy';

/**
 * [SNIFF] Tells the protocol from a connection's first bytes: a native client opens with a JSON
 * hello (`{`); anything else is the original chat's bare nickname. Whitespace-only input is not
 * enough to tell, and gives `undefined`.
 */
export function sniffProtocol(bytes: Uint8Array): SniffedProtocol | undefined {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b ? 'native' : 'legacy';
  }
  return undefined;
}
