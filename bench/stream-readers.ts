/**
 * [BENCH-STREAM] Readers for the pieces of original-protocol senders' streams, as a native client
 * (`message` frames) or an original-protocol client (`nick: piece` lines after `TRUE`) receives
 * them. Pieces are few (one per read the server made), so JSON.parse is cheap enough here.
 */

export interface StreamReaderHandlers {
  /** A piece of `sender`'s stream. */
  piece(sender: number, text: Buffer): void;
  /** Any other line (presence, errors, the handshake answer `TRUE`/`FALSE` for legacy readers). */
  other(line: string): void;
}

/** Native reader: newline-delimited JSON; `message` frames from a known sender are pieces. */
export function createNativeStreamReader(nickToSender: ReadonlyMap<string, number>, handlers: StreamReaderHandlers): (chunk: Buffer) => void {
  let carry = '';
  return (chunk) => {
    const lines = (carry + chunk.toString('utf8')).split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{"type":"message"')) {
        handlers.other(line);
        continue;
      }
      const frame = JSON.parse(line) as { from?: string; text?: string };
      const sender = frame.from === undefined ? undefined : nickToSender.get(frame.from);
      if (sender === undefined || typeof frame.text !== 'string') handlers.other(line);
      else handlers.piece(sender, Buffer.from(frame.text, 'utf8'));
    }
  };
}

/** Original-protocol reader: `TRUE` or `FALSE` without newline first, then `nick: piece` lines. */
export function createLegacyStreamReader(nickToSender: ReadonlyMap<string, number>, handlers: StreamReaderHandlers): (chunk: Buffer) => void {
  let handshake = true;
  let carry = '';
  return (chunk) => {
    let text = carry + chunk.toString('latin1');
    carry = '';
    if (handshake) {
      if (text.length < 4 || (text.startsWith('F') && text.length < 5)) return void (carry = text);
      const answer = text.startsWith('TRUE') ? 'TRUE' : text.startsWith('FALSE') ? 'FALSE' : '';
      handlers.other(answer || text);
      if (answer !== 'TRUE') return;
      handshake = false;
      text = text.slice(4);
    }
    const lines = text.split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      const colon = line.indexOf(': ');
      const sender = colon > 0 ? nickToSender.get(line.slice(0, colon)) : undefined;
      if (sender === undefined) handlers.other(line);
      else handlers.piece(sender, Buffer.from(line.slice(colon + 2), 'latin1'));
    }
  };
}
