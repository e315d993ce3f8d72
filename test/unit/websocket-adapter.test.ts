import { describe, expect, test } from 'vitest';
import { WS_BINARY, WS_TEXT, websocketAdapter } from '../../streams/adapters/websocket-adapter.js';

/** [WS-FRAMING] One WebSocket message is one line; [WS-MESSAGE] binary is refused in words. */
const session = () => websocketAdapter.open({ maxFrameBytes: 64, maxTextLength: 4000 });
const message = (tag: number, text: string) => Buffer.concat([Buffer.of(tag), Buffer.from(text)]);

describe('[WS] the websocket adapter', () => {
  test('each pushed message is one line, newlines inside included, in order; bufferedBytes counts what waits', () => {
    const s = session();
    s.framer.push(message(WS_TEXT, '{"type":\n"ping"}'));
    s.framer.push(message(WS_TEXT, '{"type":"ping","ref":"b"}'));
    expect(s.framer.bufferedBytes).toBe(17 + 26);
    const first = s.framer.next();
    expect(first?.kind === 'line' && s.decode(first.bytes)).toEqual([{ kind: 'frame', frame: { type: 'ping' } }]);
    const second = s.framer.next();
    expect(second?.kind === 'line' && s.decode(second.bytes)).toEqual([{ kind: 'frame', frame: { type: 'ping', ref: 'b' } }]);
    expect(s.framer.hasLine()).toBe(false);
    expect(s.framer.bufferedBytes).toBe(0);
  });

  test('a binary message is BAD_FRAME, bad JSON is BAD_JSON, an over-long message is an overflow', () => {
    const s = session();
    expect(s.decode(message(WS_BINARY, '{"type":"ping"}'))).toEqual([{ kind: 'error', code: 'BAD_FRAME', message: expect.stringContaining('binary') }]);
    expect(s.decode(message(WS_TEXT, '{"type":'))[0]).toMatchObject({ kind: 'error', code: 'BAD_JSON' });
    s.framer.push(message(WS_TEXT, 'x'.repeat(65)));
    expect(s.framer.next()).toEqual({ kind: 'overflow' });
  });

  test('frames go out as native JSON lines (the socket sends each line as one message)', () => {
    expect(Buffer.from(websocketAdapter.encodeShared({ type: 'pong', ref: 'x', ts: 5 })!).toString()).toBe('{"type":"pong","ref":"x","ts":5}\n');
  });
});
