import type { AddressInfo } from 'node:net';
import {
  EMPTY, finalize, map, merge, mergeMap, Observable, of, share, switchMap, take, takeUntil, timer,
} from 'rxjs';
import type { ConnId, RoomEvent } from '../src/events.js';
import { bootOf } from '../src/room-state.js';
import { createRoomReducer, type RoomOptions } from '../src/room-reducer.js';
import { createLink, type Link, type LinkOptions } from './connection-link.js';
import { DEFAULT_PRESENCE_LIMIT, DEFAULT_PRESENCE_WINDOW_MS } from '../src/presence-frames.js';
import { coalescePresence } from './coalesce-presence.js';
import { createEffectRouter, type LogEffect } from './effect-router.js';
import { sniffMainPort, type ListenerProtocol } from './adapters/registry.js';
import { listen$, type ListenItem, type TlsMaterial } from './listen.js';
import { nodeTimers } from './outbound.js';
import { createTurnQueue } from './turn-queue.js';
import { configOf } from '../src/reducer/options.js';
import type { Archive } from './log/event-log.js';
import { createMemoryLog } from './log/memory-log.js';
import type { RoomStore } from './room-store.js';
import { createLoggedRoomStore, type LoggedRoomStore } from './logged-room-store.js';
import { createRedactor } from './redact-secrets.js';

/** [RESUME-GRACE] Default: two minutes for a client to come back after a restart. */
export const DEFAULT_RESUME_GRACE_MS = 120_000;

/** [ARCHIVE-MEMORY] Messages per room an in-memory server keeps for `history` and `search`. */
export const MEMORY_ARCHIVE_PER_ROOM = 10_000;

/** The store of a server that keeps nothing: a log in memory that holds only the archive. */
function inMemoryStore(options: ChatServerOptions, now: () => number): { store: LoggedRoomStore; archive: Archive } {
  const log = createMemoryLog({ keepEvents: false, keepPerRoom: MEMORY_ARCHIVE_PER_ROOM });
  const store = createLoggedRoomStore({
    log, reduce: createRoomReducer(options), snapshotEvery: Number.POSITIVE_INFINITY, snapshotIntervalMs: Number.POSITIVE_INFINITY, now,
  });
  return { store, archive: log.archive };
}

export interface ChatServerOptions extends RoomOptions, Omit<LinkOptions, 'now' | 'maxTextLength' | 'floodBurst' | 'floodRate'> {
  readonly host: string;
  readonly port: number;
  /** How long a shutdown may take to flush every client before the rest are cut. */
  readonly shutdownTimeoutMs: number;
  readonly tls?: TlsMaterial;
  /** [PRESENCE-LIMIT] Rooms larger than this are told joins and leaves quietly (default 200). */
  readonly presenceLimit?: number;
  /** [PRESENCE-WINDOW] How long joins and leaves wait to be told together, in ms (default 50). */
  readonly presenceWindowMs?: number;
  /**
   * [ADAPTER] More ports onto the same rooms, each bound to one protocol (an IRC port, a WebSocket
   * gateway). The main port (`host`, `port`, `tls`) sniffs native or legacy ([SNIFF]).
   */
  readonly listeners?: readonly ListenerSpec[];
  /**
   * Where events are folded ([ROOM-STORE]): by default a logged store over an in-memory log that
   * keeps only the archive. `serve` passes one over SQLite ([EVENT-LOG]).
   */
  readonly store?: RoomStore;
  /** [ARCHIVE] What `history` past memory and `search` read; the store's log's archive. */
  readonly archive?: Archive;
  /** [RESUME-GRACE] How long sessions of an earlier boot are held for their owners. */
  readonly resumeGraceMs?: number;
  readonly now?: () => number;
}

/** One port the server listens on, and what it speaks there. */
export interface ListenerSpec {
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsMaterial;
  readonly protocol: ListenerProtocol;
  /** How this port accepts connections: TCP/TLS (`listen$`) unless given; the WebSocket gateway gives its own ([WS]). */
  readonly listen?: (spec: ListenerSpec) => Observable<ListenItem>;
}

/** What the server tells its operator: where it listens (the main port first, `protocol` for the others), and its log. */
export type ServerNotice =
  | { readonly type: 'listening'; readonly address: AddressInfo; readonly protocol?: string }
  | { readonly type: 'log'; readonly level: LogEffect['level']; readonly msg: string; readonly fields: LogEffect['fields'] };

/**
 * The chat server as one stream. Subscribing listens; every connection's events merge into the
 * room stream, which folds the room reducer and routes its effects to the connections.
 * The first value of `shutdown$` stops accepting, says `bye` to everyone and completes once every
 * connection has closed (or after `shutdownTimeoutMs`, cutting the rest). Errors if it cannot
 * listen. Unsubscribing tears everything down at once.
 */
export function chatServer$(options: ChatServerOptions, shutdown$: Observable<string>): Observable<ServerNotice> {
  return new Observable<ServerNotice>((subscriber) => {
    const now = options.now ?? Date.now;
    const links = new Map<ConnId, Link>();
    const { store, archive } = options.store
      ? { store: options.store, archive: options.archive ?? createMemoryLog({ keepEvents: false, keepPerRoom: 0 }).archive }
      : inMemoryStore(options, now);
    const redactor = createRedactor(options);
    // [BOOT] This process's number, and connection ids that no other boot has used.
    const boot = store.boot ?? store.state.boot + 1;
    const route = createEffectRouter(
      links,
      ({ level, msg, fields }) => subscriber.next({ type: 'log', level, msg, fields }),
      { archive, secretOf: redactor.secretOf, ...(store.boot === undefined ? {} : { isLocal: (id: ConnId) => bootOf(id) === boot }) },
    );
    const stop$ = shutdown$.pipe(take(1), share());
    const graceMs = options.resumeGraceMs ?? DEFAULT_RESUME_GRACE_MS;
    let nextId: ConnId = boot * 2 ** 32 + 1;
    const timers = options.timers ?? { ...nodeTimers, defer: createTurnQueue() };

    const main: ListenerSpec = { host: options.host, port: options.port, protocol: sniffMainPort, ...(options.tls ? { tls: options.tls } : {}) };
    // Each port's link options, made once: a connect storm copies none of them ([HOT-PATH]).
    const accepted$ = merge(
      ...[main, ...(options.listeners ?? [])].map((spec) => {
        const linkOptions: LinkOptions = { ...options, protocol: spec.protocol, now, timers };
        return (spec.listen ? spec.listen(spec) : listen$(spec.host, spec.port, spec.tls)).pipe(map((item) => ({ spec, item, linkOptions })));
      }),
    );
    const connectionEvents$ = accepted$.pipe(
      takeUntil(stop$),
      mergeMap(({ spec, item, linkOptions }): Observable<RoomEvent> => {
        if (item.kind === 'listening') {
          const named = spec === main ? {} : { protocol: spec.protocol.kind === 'bound' ? spec.protocol.adapter.id : 'sniff' };
          subscriber.next({ type: 'listening', address: item.address, ...named });
          return EMPTY;
        }
        if (item.kind === 'tls-error') {
          subscriber.next({ type: 'log', level: 'debug', msg: 'TLS handshake failed', fields: { error: item.message } });
          return EMPTY;
        }
        const id = nextId++;
        const { link, events$ } = createLink(item.socket, id, linkOptions);
        links.set(id, link);
        return events$.pipe(map(redactor.redact), finalize(() => links.delete(id)));
      }),
    );
    const shutdownEvents$ = stop$.pipe(
      map((reason): RoomEvent => ({ type: 'server/shutdown-requested', reason, at: now() })),
    );
    const deadline = stop$
      .pipe(switchMap(() => timer(options.shutdownTimeoutMs)))
      .subscribe(() => links.forEach((link) => link.destroy()));

    const started: RoomEvent = { type: 'server/started', boot, config: configOf(options), graceMs, at: now() };
    const graceEnded$ = timer(graceMs).pipe(
      takeUntil(stop$),
      map((): RoomEvent => ({ type: 'server/grace-ended', at: now() })),
    );
    const room = merge(of(started), connectionEvents$, shutdownEvents$, graceEnded$)
      .pipe(
        store.fold,
        coalescePresence({
          windowMs: options.presenceWindowMs ?? DEFAULT_PRESENCE_WINDOW_MS,
          limit: options.presenceLimit ?? DEFAULT_PRESENCE_LIMIT,
          ...(options.scheduler ? { scheduler: options.scheduler } : {}),
        }),
      )
      .subscribe({
        next: route,
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    return () => {
      deadline.unsubscribe();
      room.unsubscribe();
    };
  });
}
