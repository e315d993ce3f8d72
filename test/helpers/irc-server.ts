import { Subject, type Subscription } from 'rxjs';
import { ircAdapter } from '../../streams/adapters/irc-adapter.js';
import { boundTo } from '../../streams/adapters/registry.js';
import { chatServer$, type ChatServerOptions, type ServerNotice } from '../../streams/chat-server.js';
import { Collector } from './collector.js';
import { testServerOptions } from './server-options.js';

type Listening = Extract<ServerNotice, { type: 'listening' }>;

/** Every in-process server a test started; `stopIrcServers` in `afterEach`. */
const running: Subscription[] = [];

/** `chatServer$` in this process with an IRC listener on its own port 0, next to the main port. */
export async function startIrcServer(options: Partial<ChatServerOptions> = {}, timeoutMs = 5_000) {
  const shutdown$ = new Subject<string>();
  const notices = new Collector<ServerNotice>();
  const all: ChatServerOptions = {
    ...testServerOptions,
    listeners: [{ host: '127.0.0.1', port: 0, protocol: boundTo(ircAdapter) }],
    ...options,
  };
  running.push(chatServer$(all, shutdown$).subscribe({ next: (n) => notices.push(n), complete: () => notices.end() }));
  const main = (await notices.waitFor((n) => n.type === 'listening' && n.protocol === undefined, timeoutMs, 'the main port')) as Listening;
  const irc = (await notices.waitFor((n) => n.type === 'listening' && n.protocol === 'irc', timeoutMs, 'the IRC port')) as Listening;
  return { port: main.address.port, ircPort: irc.address.port, shutdown$, notices };
}

export function stopIrcServers(): void {
  running.splice(0).forEach((s) => s.unsubscribe());
}
