import { assertNever } from '../src/assert-never.js';
import type { Effect } from '../src/effects.js';
import type { ConnId } from '../src/events.js';
import type { ServerFrame, WelcomeFrame } from '../src/protocol.js';
import { answerArchive } from './answer-archive.js';
import type { Archive } from './log/event-log.js';
import type { Step } from '../src/room-reducer.js';
import type { Link } from './connection-link.js';
import { encodeLegacyShared, encodeNative } from './wire-adapter.js';

export type LogEffect = Extract<Effect, { type: 'log' }>;

/** A room's members resolved to their links, split by wire protocol. */
interface Recipients {
  readonly native: readonly Link[];
  readonly legacy: readonly Link[];
}

/**
 * Carries out a step's effects on the live links. A broadcast is encoded at most once per wire
 * protocol and the same bytes go to every recipient ([BROADCAST-ONCE]). Effects for connections
 * that are already gone are skipped: the room may decide faster than sockets close.
 *
 * [ROUTE-MEMO] A room's member set is immutable state, so its identity says whether it changed:
 * the links of a set are looked up once and remembered (weakly) until the next join or leave,
 * which keeps a chat line's cost to one pass over an array, whatever the set's structure.
 */
/** What the router needs besides the links: the archive to read and the [RESUME] secrets to hand out. */
export interface RouterServices {
  readonly archive: Archive;
  /** The raw resume secret of a live connection ([REDACT]: the state holds only its hash). */
  secretOf(conn: ConnId): string | undefined;
}

export function createEffectRouter(links: ReadonlyMap<ConnId, Link>, log: (effect: LogEffect) => void, services?: RouterServices) {
  const resolved = new WeakMap<ReadonlySet<ConnId>, Recipients>();

  function recipientsOf(members: Iterable<ConnId>): Recipients {
    const native: Link[] = [];
    const legacy: Link[] = [];
    for (const id of members) {
      const link = links.get(id);
      const protocol = link?.adapter?.protocol;
      if (protocol === 'native') native.push(link!);
      else if (protocol === 'legacy') legacy.push(link!);
    }
    return { native, legacy };
  }

  function membersOf(members: ReadonlySet<ConnId>): Recipients {
    let recipients = resolved.get(members);
    if (recipients === undefined) {
      recipients = recipientsOf(members);
      // A connection that has not said which protocol it speaks cannot be cached as either.
      if (recipients.native.length + recipients.legacy.length === members.size) resolved.set(members, recipients);
    }
    return recipients;
  }

  /** Sends one frame to many connections, encoding it at most once per protocol. */
  function deliver({ native, legacy }: Recipients, except: ConnId | undefined, frame: ServerFrame): void {
    if (native.length > 0) {
      const bytes = encodeNative(frame);
      for (let i = 0; i < native.length; i++) {
        const link = native[i]!;
        if (link.id !== except) link.sendBytes(bytes);
      }
    }
    if (legacy.length > 0) {
      const bytes = encodeLegacyShared(frame);
      if (bytes) for (const link of legacy) if (link.id !== except) link.sendBytes(bytes);
    }
  }

  function withSecret(frame: WelcomeFrame, to: ConnId): WelcomeFrame {
    const secret = services?.secretOf(to);
    return secret === undefined ? frame : { ...frame, resume: secret };
  }

  return function route(step: Step): void {
    for (const effect of step.effects) {
      switch (effect.type) {
        case 'send':
          links.get(effect.to)?.send(effect.frame.type === 'welcome' ? withSecret(effect.frame, effect.to) : effect.frame);
          break;
        case 'archive': {
          const link = links.get(effect.conn);
          if (link && services) for (const frame of answerArchive(services.archive, effect.query)) link.send(frame);
          break;
        }
        case 'broadcast': {
          const members = step.state.rooms.get(effect.room)?.members;
          if (members) deliver(membersOf(members), effect.except, effect.frame);
          break;
        }
        case 'multicast':
          deliver(recipientsOf(effect.to), undefined, effect.frame);
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
