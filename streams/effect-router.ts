import { assertNever } from '../src/assert-never.js';
import type { Effect } from '../src/effects.js';
import type { ConnId } from '../src/events.js';
import type { ServerFrame, WelcomeFrame } from '../src/protocol.js';
import { answerArchive } from './answer-archive.js';
import type { Archive } from './log/event-log.js';
import type { Step } from '../src/room-reducer.js';
import type { ProtocolAdapter } from './adapters/protocol-adapter.js';
import type { Link } from './link-handle.js';

export type LogEffect = Extract<Effect, { type: 'log' }>;

/** The recipients of a frame who speak one protocol. */
interface Group {
  readonly adapter: ProtocolAdapter;
  readonly links: Link[];
}

/** A room's members resolved to their links, one group per protocol adapter. */
type Recipients = readonly Group[];

/** What the router needs besides the links: the archive to read and the [RESUME] secrets to hand out. */
export interface RouterServices {
  readonly archive: Archive;
  /** The raw resume secret of a live connection ([REDACT]: the state holds only its hash). */
  secretOf(conn: ConnId): string | undefined;
  /**
   * [CLUSTER] Whether a connection is this node's (undefined: all are). Another node's member has no
   * link here and never will, so a member set of them can still be remembered ([ROUTE-MEMO]).
   */
  readonly isLocal?: (conn: ConnId) => boolean;
}

/**
 * Carries out a step's effects on the live links. A broadcast is encoded at most once per protocol
 * adapter and the same bytes go to every recipient ([BROADCAST-ONCE]). Effects for connections
 * that are already gone are skipped: the room may decide faster than sockets close.
 *
 * [ROUTE-MEMO] A room's member set is immutable state, so its identity says whether it changed:
 * the links of a set are looked up once and remembered (weakly) until the next join or leave,
 * which keeps a chat line's cost to one pass over an array, whatever the set's structure.
 */
export function createEffectRouter(links: ReadonlyMap<ConnId, Link>, log: (effect: LogEffect) => void, services?: RouterServices) {
  const resolved = new WeakMap<ReadonlySet<ConnId>, Recipients>();
  const isLocal = services?.isLocal;

  /** The links of `members` by protocol, and whether every member's protocol is known. */
  function recipientsOf(members: Iterable<ConnId>): { readonly groups: Recipients; readonly known: number } {
    const groups: Group[] = [];
    let last: Group | undefined;
    let known = 0;
    for (const id of members) {
      const link = links.get(id);
      const adapter = link?.adapter;
      if (adapter === undefined) {
        if (isLocal !== undefined && !isLocal(id)) known++;
        continue;
      }
      known++;
      // Few protocols, and members of one protocol tend to come together: the last group first.
      if (last?.adapter !== adapter) last = groups.find((g) => g.adapter === adapter) ?? pushed(groups, { adapter, links: [] });
      last.links.push(link!);
    }
    return { groups, known };
  }

  function membersOf(members: ReadonlySet<ConnId>): Recipients {
    let recipients = resolved.get(members);
    if (recipients === undefined) {
      const { groups, known } = recipientsOf(members);
      recipients = groups;
      // A connection that has not said which protocol it speaks cannot be cached in any group.
      if (known === members.size) resolved.set(members, recipients);
    }
    return recipients;
  }

  /** Sends one frame to many connections, encoding it at most once per protocol. */
  function deliver(groups: Recipients, except: ConnId | undefined, frame: ServerFrame): void {
    for (const { adapter, links: group } of groups) {
      if (adapter.shareFrame) {
        const shared = adapter.shareFrame(frame);
        if (shared === undefined) continue;
        for (let i = 0; i < group.length; i++) {
          const link = group[i]!;
          if (link.id !== except) link.sendShared(shared);
        }
        continue;
      }
      const bytes = adapter.encodeShared(frame);
      if (bytes === undefined) continue;
      for (let i = 0; i < group.length; i++) {
        const link = group[i]!;
        if (link.id !== except) link.sendBytes(bytes);
      }
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
        case 'presence': {
          // Uncoalesced (a router used without `coalescePresence`): told at once, like any broadcast.
          const members = step.state.rooms.get(effect.room)?.members;
          if (members) deliver(membersOf(members), effect.conn, effect.frame);
          break;
        }
        case 'multicast':
          deliver(recipientsOf(effect.to).groups, undefined, effect.frame);
          break;
        case 'registered':
          links.get(effect.conn)?.registered(effect.nick);
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

function pushed<T>(list: T[], item: T): T {
  list.push(item);
  return item;
}
