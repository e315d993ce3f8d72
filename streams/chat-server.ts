import type { AddressInfo } from 'node:net';
import {
  EMPTY, finalize, map, merge, mergeMap, Observable, share, switchMap, take, takeUntil, timer,
} from 'rxjs';
import type { ConnId, RoomEvent } from '../src/events.js';
import { createRoomReducer, type RoomOptions } from '../src/room-reducer.js';
import { initialRoomState } from '../src/room-state.js';
import { createLink, type Link, type LinkOptions } from './connection-link.js';
import { createEffectRouter, type LogEffect } from './effect-router.js';
import { listen$, type TlsMaterial } from './listen.js';
import { nodeTimers } from './outbound.js';
import { createTurnQueue } from './turn-queue.js';
import { createMemoryRoomStore, type RoomStore } from './room-store.js';

export interface ChatServerOptions extends RoomOptions, Omit<LinkOptions, 'now'> {
  readonly host: string;
  readonly port: number;
  /** How long a shutdown may take to flush every client before the rest are cut. */
  readonly shutdownTimeoutMs: number;
  readonly tls?: TlsMaterial;
  /** Where events are folded; in memory unless given ([ROOM-STORE]). */
  readonly store?: RoomStore;
  readonly now?: () => number;
}

/** What the server tells its operator: where it listens, and its log. */
export type ServerNotice =
  | { readonly type: 'listening'; readonly address: AddressInfo }
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
    const store = options.store ?? createMemoryRoomStore(createRoomReducer(options), initialRoomState);
    const route = createEffectRouter(links, ({ level, msg, fields }) => subscriber.next({ type: 'log', level, msg, fields }));
    const stop$ = shutdown$.pipe(take(1), share());
    let nextId: ConnId = 1;
    const timers = options.timers ?? { ...nodeTimers, defer: createTurnQueue() };

    const connectionEvents$ = listen$(options.host, options.port, options.tls).pipe(
      takeUntil(stop$),
      mergeMap((item): Observable<RoomEvent> => {
        if (item.kind === 'listening') {
          subscriber.next({ type: 'listening', address: item.address });
          return EMPTY;
        }
        if (item.kind === 'tls-error') {
          subscriber.next({ type: 'log', level: 'debug', msg: 'TLS handshake failed', fields: { error: item.message } });
          return EMPTY;
        }
        const id = nextId++;
        const { link, events$ } = createLink(item.socket, id, { ...options, now, timers });
        links.set(id, link);
        return events$.pipe(finalize(() => links.delete(id)));
      }),
    );
    const shutdownEvents$ = stop$.pipe(
      map((reason): RoomEvent => ({ type: 'server/shutdown-requested', reason, at: now() })),
    );
    const deadline = stop$
      .pipe(switchMap(() => timer(options.shutdownTimeoutMs)))
      .subscribe(() => links.forEach((link) => link.destroy()));

    const room = merge(connectionEvents$, shutdownEvents$)
      .pipe(store.fold)
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
