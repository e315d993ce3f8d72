import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { emptySeen, foldEntry, seenFromJson, seenToJson, type ClusterEntry, type ClusterFold } from '../../src/cluster-fold.js';
import type { RoomEvent } from '../../src/events.js';
import { foldNick } from '../../src/nickname.js';
import { configOf } from '../../src/reducer/options.js';
import { createRoomReducer, defaultRoomOptions, type Step } from '../../src/room-reducer.js';
import { bootOf, initialRoomState, type RoomState } from '../../src/room-state.js';
import { stateFromJson, stateToJson } from '../../src/state-json.js';
import { createRedactor } from '../../streams/redact-secrets.js';
import { canonical, commandHistory, HISTORY_LIMIT, MAX_TEXT, toEvent, type Cmd } from '../helpers/rooms-commands.js';
import { OPER_SECRET } from '../helpers/rooms-model.js';

/**
 * [CLUSTER] Several nodes append their own events to one log, in their own order, interleaved in
 * any way, with batches appended twice (a retry whose first try was stored after all); a node may
 * be lost on the way. Every node folds the log with `foldEntry`. Whatever the interleaving: repeats
 * change nothing, a node that starts late from a snapshot (JSON) reaches the same state and effects,
 * nicknames stay unique across nodes, no message is delivered twice, each sender's messages keep
 * their order, and a lost node's connections are only ever held, never live.
 */
const options = { ...defaultRoomOptions, historyLimit: HISTORY_LIMIT, maxTextLength: MAX_TEXT, operSecret: OPER_SECRET, floodRate: 0 };
const reduce = createRoomReducer(options);
const GRACE = 60_000;
const BOOT = 2 ** 32;

/** One node's entries: its start, then its commands as events on connection ids of its boot. */
function nodeEntries(boot: number, history: readonly Cmd[]): ClusterEntry[] {
  const clock = { at: 1_000_000, opened: [] as number[] };
  const edge = createRedactor({ password: null, operSecret: OPER_SECRET });
  const events: RoomEvent[] = [{ type: 'server/started', boot, node: `node-${boot}`, config: configOf(options), graceMs: GRACE, at: clock.at }];
  for (const c of history) {
    const event = toEvent(clock, c);
    if (event) events.push(onBoot(boot, edge.redact(event)));
  }
  return events.map((event, i) => ({ boot, seq: i + 1, event }));
}

/** The event with its connection id moved into the boot's range, as a node numbers its connections. */
function onBoot(boot: number, event: RoomEvent): RoomEvent {
  return 'conn' in event ? { ...event, conn: boot * BOOT + event.conn } : event;
}

interface Pick { readonly node: number; readonly repeat: number }

/** Where in the picks a survivor finds that a node's lease lapsed, if it does. */
interface Loss { readonly node: number; readonly at: number }

/** The shared log: the nodes' entries interleaved by `picks`, some batches repeated, maybe a node lost. */
function interleave(nodes: readonly ClusterEntry[][], picks: readonly Pick[], loss: Loss | null): ClusterEntry[] {
  const next = nodes.map(() => 0);
  const log: ClusterEntry[] = [];
  let lost = false;
  const take = (n: number, repeat: number) => {
    const entries = nodes[n]!;
    if (next[n]! >= entries.length) return;
    log.push(entries[next[n]!++]!);
    // A retried batch: the last `repeat` entries of this node again, with their numbers.
    if (repeat > 0) log.push(...entries.slice(Math.max(0, next[n]! - repeat), next[n]!));
  };
  const lossAt = loss === null ? -1 : Math.floor(loss.at * picks.length);
  picks.forEach((pick, i) => {
    const lostNode = loss === null ? 0 : 1 + (loss.node % (nodes.length - 1));
    if (i >= lossAt && loss !== null && !lost && next[lostNode]! > 0 && next[0]! > 0) {
      // A survivor (node 1, started) appends that a started node is lost; that node may go on
      // appending, a zombie: the fold must ignore it.
      lost = true;
      log.push({ boot: 1, seq: -1, event: { type: 'node/gone', boot: lostNode + 1, reason: 'lost', graceMs: GRACE, at: 2_000_000 } });
    }
    take(pick.node % nodes.length, pick.repeat);
  });
  nodes.forEach((_, n) => {
    while (next[n]! < nodes[n]!.length) take(n, 0);
  });
  // Node 1's own numbering for the survivor's entry: renumber node 1's entries in log order.
  let seq = 0;
  const numbered = new Map<ClusterEntry, number>();
  return log.map((entry) => {
    if (entry.boot !== 1) return entry;
    if (!numbered.has(entry)) numbered.set(entry, ++seq);
    return { ...entry, seq: numbered.get(entry)! };
  });
}

function foldAll(start: ClusterFold, entries: readonly ClusterEntry[]): { fold: ClusterFold; steps: Step[] } {
  let fold = start;
  const steps: Step[] = [];
  for (const entry of entries) {
    const folded = foldEntry(reduce, fold, entry);
    fold = folded.fold;
    steps.push(folded.step);
  }
  return { fold, steps };
}

const cluster = fc.tuple(
  fc.array(commandHistory, { minLength: 2, maxLength: 3 }),
  fc.array(fc.record({ node: fc.nat(2), repeat: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }) }), { maxLength: 300, size: 'max' }),
  fc.option(fc.record({ node: fc.nat(1), at: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: null }),
).map(([histories, picks, loss]) => interleave(histories.map((h, i) => nodeEntries(i + 1, h)), picks, loss));

const start: ClusterFold = { state: initialRoomState, seen: emptySeen };

describe('[CLUSTER] one log, any interleaving of the nodes', () => {
  test.prop([cluster], { numRuns: 120 })('repeated entries change nothing: the same state and effects as the log without them', (log) => {
    const once: ClusterEntry[] = [];
    const seen = new Set<string>();
    for (const entry of log) if (!seen.has(`${entry.boot}/${entry.seq}`)) (seen.add(`${entry.boot}/${entry.seq}`), once.push(entry));
    const withRepeats = foldAll(start, log);
    const without = foldAll(start, once);
    expect(canonical(withRepeats.fold.state)).toEqual(canonical(without.fold.state));
    expect(withRepeats.steps.flatMap((s) => s.effects)).toEqual(without.steps.flatMap((s) => s.effects));
  });

  test.prop([cluster, fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 120 })(
    'a node that starts late, from a snapshot through JSON, holds the same state and causes the same effects',
    (log, where) => {
      const cut = Math.floor(where * log.length);
      const early = foldAll(start, log);
      const prefix = foldAll(start, log.slice(0, cut)).fold;
      const snapshot = JSON.parse(JSON.stringify({ state: stateToJson(prefix.state), seen: seenToJson(prefix.seen) }));
      const late = foldAll({ state: stateFromJson(snapshot.state), seen: seenFromJson(snapshot.seen) }, log.slice(cut));
      expect(canonical(late.fold.state)).toEqual(canonical(early.fold.state));
      expect(late.steps.flatMap((s) => s.effects)).toEqual(early.steps.slice(cut).flatMap((s) => s.effects));
    },
  );

  test.prop([cluster], { numRuns: 120 })('nicknames unique across nodes, messages once and in each sender\'s order, a lost node only held', (log) => {
    let fold = start;
    const delivered = new Set<number>();
    const lastAck = new Map<number, number>();
    const lostBoots = new Set<number>();
    for (const entry of log) {
      const { fold: next, step } = foldEntry(reduce, fold, entry);
      // A lost node that goes on appending (a zombie) changes nothing: its sessions wait for their owners.
      if (lostBoots.has(entry.boot)) expect(step.state, `an entry of lost boot ${entry.boot} changed the state`).toBe(fold.state);
      fold = next;
      if (entry.event.type === 'node/gone') lostBoots.add(entry.event.boot);
      for (const effect of step.effects) {
        if (effect.type === 'broadcast' && effect.frame.type === 'message' && effect.frame.history !== true) {
          expect(delivered.has(effect.frame.id), `message ${effect.frame.id} delivered twice`).toBe(false);
          delivered.add(effect.frame.id);
        }
        if (effect.type === 'send' && effect.frame.type === 'ack') {
          expect(effect.frame.id).toBeGreaterThan(lastAck.get(effect.to) ?? 0);
          lastAck.set(effect.to, effect.frame.id);
        }
      }
      expectUniqueNicks(fold.state);
      for (const conn of fold.state.conns.values()) {
        if (lostBoots.has(bootOf(conn.id))) expect(conn.heldUntil, `connection ${conn.id} of a lost node is live`).toBeDefined();
      }
    }
  });
});

function expectUniqueNicks(state: RoomState): void {
  const owners = new Map<string, number>();
  for (const conn of state.conns.values()) {
    if (conn.nick === undefined) continue;
    const folded = foldNick(conn.nick);
    expect(owners.has(folded), `two connections are "${conn.nick}"`).toBe(false);
    owners.set(folded, conn.id);
    expect(state.nicks.get(folded)).toBe(conn.id);
  }
}
