import { assertNever } from '../src/assert-never.js';
import type { Effect } from '../src/effects.js';
import type { ConnId } from '../src/events.js';
import type { ServerFrame } from '../src/protocol.js';
import type { Step } from '../src/room-reducer.js';
import type { Link } from './connection-link.js';
import { encodeLegacyShared, encodeNative } from './wire-adapter.js';

export type LogEffect = Extract<Effect, { type: 'log' }>;

/**
 * Carries out a step's effects on the live links. A broadcast is encoded at most once per wire
 * protocol and the same bytes go to every recipient ([BROADCAST-ONCE]). Effects for connections
 * that are already gone are skipped: the room may decide faster than sockets close.
 */
export function createEffectRouter(links: ReadonlyMap<ConnId, Link>, log: (effect: LogEffect) => void) {
  function broadcast(step: Step, room: string, except: ConnId | undefined, frame: ServerFrame): void {
    const members = step.state.rooms.get(room)?.members;
    if (!members) return;
    let native: Uint8Array | undefined;
    let legacy: Uint8Array | undefined | null = null;
    for (const id of members) {
      if (id === except) continue;
      const link = links.get(id);
      const protocol = link?.adapter?.protocol;
      if (protocol === 'native') link!.sendBytes((native ??= encodeNative(frame)));
      else if (protocol === 'legacy') {
        if (legacy === null) legacy = encodeLegacyShared(frame);
        if (legacy) link!.sendBytes(legacy);
      }
    }
  }

  return function route(step: Step): void {
    for (const effect of step.effects) {
      switch (effect.type) {
        case 'send':
          links.get(effect.to)?.send(effect.frame);
          break;
        case 'broadcast':
          broadcast(step, effect.room, effect.except, effect.frame);
          break;
        case 'close':
          links.get(effect.conn)?.close();
          break;
        case 'log':
          log(effect);
          break;
        default:
          assertNever(effect);
      }
    }
  };
}
