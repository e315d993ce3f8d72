import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import type { Effect } from '../../src/effects.js';
import type { ConnId, RoomEvent } from '../../src/events.js';
import { LOBBY, PROTOCOL_VERSION, type ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import type { Link } from '../../streams/connection-link.js';
import { createEffectRouter, type LogEffect } from '../../streams/effect-router.js';
import { signals$ } from '../../streams/signals.js';
import { protocolAdapters } from '../../streams/adapters/registry.js';

/** A link that records what the router hands it. */
function fakeLink(id: ConnId, protocol: 'native' | 'legacy' | undefined) {
  const adapter = protocol && protocolAdapters.get(protocol);
  const got: { bytes: Uint8Array[]; frames: ServerFrame[]; closed: number } = { bytes: [], frames: [], closed: 0 };
  const link: Link = {
    id,
    adapter,
    send: (frame) => void got.frames.push(frame),
    sendBytes: (bytes) => void got.bytes.push(bytes),
    sendShared: () => {},
    registered: () => {},
    close: () => void got.closed++,
    destroy: () => {},
  };
  return { link, got };
}

/** A room state reached through the reducer, so the test does not depend on the state's shape. */
function roomWith(nicks: readonly string[]): RoomState {
  const reduce = createRoomReducer(defaultRoomOptions);
  let state = initialRoomState;
  nicks.forEach((nick, i) => {
    const events: RoomEvent[] = [
      { type: 'conn/opened', conn: i + 1, address: 'x:1', at: 0 },
      { type: 'conn/frame-received', conn: i + 1, frame: { type: 'hello', version: PROTOCOL_VERSION, nick }, at: 0 },
    ];
    for (const e of events) state = reduce(state, e).state;
  });
  return state;
}

const message: ServerFrame = { type: 'message', id: 7, ts: 0, room: LOBBY, from: 'ann', text: 'hi' };

describe('createEffectRouter', () => {
  test('[BROADCAST-ONCE] one encoding per protocol, the same bytes for every recipient, none for the sender', () => {
    const state = roomWith(['ann', 'ben', 'cat', 'dan']);
    const links = new Map([fakeLink(1, 'native'), fakeLink(2, 'native'), fakeLink(3, 'native'), fakeLink(4, 'legacy')].map((l) => [l.link.id, l] as const));
    const route = createEffectRouter(new Map([...links].map(([id, l]) => [id, l.link])), () => {});
    const effects: Effect[] = [{ type: 'broadcast', room: LOBBY, except: 1, frame: message }];
    route({ state, effects } as Step);
    expect(links.get(1)!.got.bytes).toEqual([]);
    const [b2, b3] = [links.get(2)!.got.bytes, links.get(3)!.got.bytes];
    expect(b2).toHaveLength(1);
    expect(b2[0]).toBe(b3[0]); // the very same buffer
    expect(JSON.parse(Buffer.from(b2[0]!).toString())).toEqual(message);
    expect(links.get(4)!.got.bytes.map((b) => Buffer.from(b).toString())).toEqual(['ann: hi\n']);
  });

  test('effects for connections already gone are skipped; send, close and log go where they say', () => {
    const state = roomWith(['ann', 'ben']);
    const ann = fakeLink(1, 'native');
    const logs: LogEffect[] = [];
    const route = createEffectRouter(new Map([[1, ann.link]]), (e) => logs.push(e));
    const log: Effect = { type: 'log', level: 'info', msg: 'm', fields: { conn: 1 } };
    route({
      state,
      effects: [
        { type: 'send', to: 2, frame: message },
        { type: 'close', conn: 2, reason: 'quit' },
        { type: 'broadcast', room: LOBBY, frame: message },
        { type: 'send', to: 1, frame: { type: 'bye', reason: 'goodbye' } },
        { type: 'close', conn: 1, reason: 'quit' },
        log,
      ],
    } as Step);
    expect(ann.got.bytes).toHaveLength(1);
    expect(ann.got.frames).toEqual([{ type: 'bye', reason: 'goodbye' }]);
    expect(ann.got.closed).toBe(1);
    expect(logs).toEqual([log]);
  });

  test('a connection whose protocol is not known yet gets no broadcast', () => {
    const state = roomWith(['ann', 'ben']);
    const silent = fakeLink(2, undefined);
    const route = createEffectRouter(new Map([[1, fakeLink(1, 'native').link], [2, silent.link]]), () => {});
    route({ state, effects: [{ type: 'broadcast', room: LOBBY, frame: message }] } as Step);
    expect(silent.got.bytes).toEqual([]);
  });
});

describe('signals$', () => {
  test('emits the signals received and removes its handlers on unsubscribe', () => {
    const target = new EventEmitter() as unknown as NodeJS.Process;
    const seen: string[] = [];
    const sub = signals$(['SIGINT', 'SIGTERM'], target).subscribe((s) => seen.push(s));
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    expect(seen).toEqual(['SIGTERM', 'SIGINT']);
    sub.unsubscribe();
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
  });
});
