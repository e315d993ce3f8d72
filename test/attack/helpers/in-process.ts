import type { AddressInfo } from 'node:net';
import { firstValueFrom, filter, Subject, tap, type Subscription } from 'rxjs';
import { createRoomReducer } from '../../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../../src/room-state.js';
import { chatServer$, type ChatServerOptions, type ServerNotice } from '../../../streams/chat-server.js';
import { createMemoryRoomStore, type RoomStore } from '../../../streams/room-store.js';
import { testServerOptions } from '../../helpers/server-options.js';

export { testServerOptions };

/** A `chatServer$` in this process, with its room state in view. */
export interface InProcessServer {
  readonly port: number;
  /** The room state after the last event. */
  state(): RoomState;
  /** Every notice so far (none kept when started with `keepNotices: false`). */
  readonly notices: ServerNotice[];
  /** How many log notices of each `msg` there were. */
  readonly logCounts: Map<string, number>;
  /** Asks for a graceful shutdown; resolves when the server stream completes. */
  shutdown(reason?: string): Promise<void>;
  /** Tears everything down at once. */
  stop(): void;
}


/**
 * Starts `chatServer$` on 127.0.0.1, port 0. The room store is the memory store with a tap that
 * keeps the latest state, so tests can look inside ([ROOM-STORE]).
 */
export async function startInProcess(overrides: Partial<ChatServerOptions> = {}, keepNotices = true): Promise<InProcessServer> {
  const options = { ...testServerOptions, ...overrides };
  let state = initialRoomState;
  const memory = createMemoryRoomStore(createRoomReducer(options), initialRoomState);
  const store: RoomStore = { fold: (events$) => memory.fold(events$).pipe(tap((step) => (state = step.state))), state: initialRoomState };
  const shutdown$ = new Subject<string>();
  const notices: ServerNotice[] = [];
  const logCounts = new Map<string, number>();
  const listening = new Subject<AddressInfo>();
  let done!: () => void;
  const completed = new Promise<void>((resolve) => (done = resolve));
  const port = firstValueFrom(listening.pipe(filter(Boolean)));
  const sub: Subscription = chatServer$({ ...options, store }, shutdown$).subscribe({
    next(notice) {
      if (keepNotices) notices.push(notice);
      if (notice.type === 'log') logCounts.set(notice.msg, (logCounts.get(notice.msg) ?? 0) + 1);
      if (notice.type === 'listening') listening.next(notice.address);
    },
    error: (error: unknown) => listening.error(error),
    complete: () => done(),
  });
  const address = await port;
  return {
    port: address.port,
    state: () => state,
    notices,
    logCounts,
    shutdown(reason = 'test shutdown') {
      shutdown$.next(reason);
      return completed;
    },
    stop: () => sub.unsubscribe(),
  };
}
