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
  /** Sends one frame to many connections, encoding it at most once per protocol. */
  function deliver(recipients: Iterable<ConnId>, except: ConnId | undefined, frame: ServerFrame): void {
    let native: Uint8Array | undefined;
    let legacy: Uint8Array | undefined | null = null;
    for (const id of recipients) {
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
        case 'broadcast': {
          const members = step.state.rooms.get(effect.room)?.members;
          if (members) deliver(members, effect.except, effect.frame);
          break;
        }
        case 'multicast':
          deliver(effect.to, undefined, effect.frame);
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
