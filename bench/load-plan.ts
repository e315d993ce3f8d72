/** What one run of the load generator does; a scenario is a plan plus how many times to run it. */
export interface LoadPlan {
  /**
   * `native`: rxchat's JSON frames. `legacy`: the original chat's nickname-then-raw-text protocol.
   * `irc`: IRC (NICK, USER, JOIN #lobby, PRIVMSG), against rxchat's IRC port or ngircd.
   * `websocket` ([BENCH-WS]): the senders speak native on TCP, every other client native over
   * rxchat's WebSocket gateway: (B) with its receivers in browsers.
   */
  readonly protocol: 'native' | 'legacy' | 'irc' | 'websocket';
  readonly clients: number;
  /** Clients 0..senders-1 talk; the rest only listen. */
  readonly senders: number;
  /** Messages each sender sends. */
  readonly messages: number;
  /** 1: everyone stays in the lobby. More: clients are split evenly into `#r0`, `#r1`... */
  readonly rooms: number;
  /**
   * `window`: as fast as the server takes them, at most `window` of a sender's messages not yet
   * seen by a watching client. `rate`: this many messages per second over all senders.
   * `idle`: connect (and join, if `join`) and send nothing. `stream` ([BENCH-STREAM], scenario L):
   * original-protocol senders write `messages` packets of `packetBytes` back to back, unpaced, to
   * native and original-protocol receivers, `rounds` times (see bench/run-stream.ts).
   */
  readonly traffic:
    | { readonly kind: 'window'; readonly window: number }
    | { readonly kind: 'rate'; readonly perSecond: number }
    | { readonly kind: 'idle' }
    | { readonly kind: 'stream'; readonly packetBytes: number; readonly rounds: number };
  /** Connections opened at the same time; the storm opens all at once. */
  readonly connectConcurrency: number;
  /** Say hello (native) or send a nickname (legacy); idle native clients may stay silent. */
  readonly join: boolean;
  /** Upper bound on the whole run, connecting included. */
  readonly timeoutMs: number;
  /**
   * [BENCH-CAP] `window` traffic stops sending after this long; what was sent must still arrive
   * exactly, and the rate is taken over what was sent. Keeps slow servers within the time budget.
   */
  readonly sendForMs?: number;
}

/** The receiving client that watches `sender`'s messages to pace it: the next member of its room. */
export function observerOf(plan: LoadPlan, sender: number): number {
  const perRoom = Math.ceil(plan.clients / plan.rooms);
  const first = Math.floor(sender / perRoom) * perRoom;
  const size = Math.min(perRoom, plan.clients - first);
  return first + ((sender - first + (plan.senders < size ? plan.senders - (sender - first) : 1)) % size);
}

/** The room of client `index`. */
export function roomOf(plan: LoadPlan, index: number): string {
  return plan.rooms === 1 ? '#lobby' : `#r${Math.floor(index / Math.ceil(plan.clients / plan.rooms))}`;
}

/** How many clients receive each message of `sender`: the other members of its room. */
export function fanoutOf(plan: LoadPlan, sender: number): number {
  const perRoom = Math.ceil(plan.clients / plan.rooms);
  const first = Math.floor(sender / perRoom) * perRoom;
  return Math.min(perRoom, plan.clients - first) - 1;
}

/** Deliveries the plan calls for: every message to every other member of its sender's room. */
export function expectedDeliveries(plan: LoadPlan): number {
  if (plan.traffic.kind === 'idle') return 0;
  let total = 0;
  for (let s = 0; s < plan.senders; s++) total += fanoutOf(plan, s) * plan.messages;
  return total;
}
