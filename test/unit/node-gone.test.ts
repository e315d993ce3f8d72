import yargs from 'yargs';
import { describe, expect, test } from 'vitest';
import { describeServeFailure, EXIT_NODE_LOST } from '../../cli/serve-failure.js';
import { defaultNodeName, redisUrlProblem, storageChoice, storageOptions } from '../../cli/storage-flags.js';
import type { RoomEvent } from '../../src/events.js';
import { configOf } from '../../src/reducer/options.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';
import { NodeLostError } from '../../streams/cluster/cluster-store.js';
import { deepFreeze } from '../helpers/deep-freeze.js';

/** [NODE-GONE] [CLUSTER] The reducer's part of the cluster, by example, and the cluster's flags. */
const options = { ...defaultRoomOptions, floodRate: 0, maxPerAddress: 2 };
const reduce = createRoomReducer(options);
const BOOT = 2 ** 32;
const GRACE = 30_000;

function cluster() {
  let state: RoomState = initialRoomState;
  let at = 1_000;
  const feed = (event: RoomEvent) => {
    const step = reduce(state, deepFreeze(event));
    state = deepFreeze(step.state);
    return step;
  };
  return {
    get state() { return state; },
    start: (boot: number, node: string) => feed({ type: 'server/started', boot, node, config: configOf(options), graceMs: GRACE, at: ++at }),
    open: (conn: number, host = '10.0.0.1') => feed({ type: 'conn/opened', conn, address: `${host}:${conn % 1000}`, at: ++at }),
    hello: (conn: number, nick: string) => feed({ type: 'conn/frame-received', conn, frame: { type: 'hello', version: 1, nick }, at: ++at }),
    say: (conn: number, text: string) => feed({ type: 'conn/frame-received', conn, frame: { type: 'say', text }, at: ++at }),
    gone: (boot: number, reason: 'lost' | 'stopped') => feed({ type: 'node/gone', boot, reason, graceMs: GRACE, at: ++at }),
  };
}

describe('[NODE-GONE] a node leaves the cluster', () => {
  test('stopped: its own connections get bye and close, its members are held, the other node\'s stay live', () => {
    const c = cluster();
    c.start(1, 'a');
    c.start(2, 'b');
    c.open(BOOT + 1);
    c.hello(BOOT + 1, 'alice');
    c.open(BOOT + 2); // never registers
    c.open(2 * BOOT + 1);
    c.hello(2 * BOOT + 1, 'bob');
    const step = c.gone(1, 'stopped');
    expect(step.effects.filter((e) => e.type === 'close').map((e) => (e as { conn: number }).conn).sort()).toEqual([BOOT + 1, BOOT + 2]);
    expect(c.state.conns.get(BOOT + 1)?.heldUntil).toBeDefined();
    expect(c.state.conns.has(BOOT + 2)).toBe(false);
    expect(c.state.conns.get(2 * BOOT + 1)?.heldUntil).toBeUndefined();
    expect([...c.state.nodes.keys()]).toEqual([2]);
    // Nobody was told alice left.
    expect(step.effects.some((e) => e.type === 'presence')).toBe(false);
  });

  test('lost: sessions held without a word; a repeat, a zombie\'s message and a zombie\'s new connection change nothing', () => {
    const c = cluster();
    c.start(1, 'a');
    c.start(2, 'b');
    c.open(2 * BOOT + 1);
    c.hello(2 * BOOT + 1, 'bob');
    const lost = c.gone(2, 'lost');
    expect(lost.effects.filter((e) => e.type !== 'log')).toEqual([]);
    const held = c.state;
    expect(c.gone(2, 'lost').state).toBe(held);
    expect(c.say(2 * BOOT + 1, 'from a zombie').state).toBe(held);
    const opened = c.open(2 * BOOT + 2);
    expect(opened.state).toBe(held);
    expect(opened.effects).toContainEqual({ type: 'close', conn: 2 * BOOT + 2, reason: 'node gone' });
  });

  test('a node started again under its name holds its earlier boot\'s sessions; the other node\'s are untouched', () => {
    const c = cluster();
    c.start(1, 'a');
    c.start(2, 'b');
    c.open(BOOT + 1);
    c.hello(BOOT + 1, 'alice');
    c.open(2 * BOOT + 1);
    c.hello(2 * BOOT + 1, 'bob');
    c.start(3, 'a');
    expect(c.state.conns.get(BOOT + 1)?.heldUntil).toBeDefined();
    expect(c.state.conns.get(2 * BOOT + 1)?.heldUntil).toBeUndefined();
    expect([...c.state.nodes.entries()].sort()).toEqual([[2, 'b'], [3, 'a']]);
    expect(c.state.boot).toBe(3);
  });

  test('[CONN-CAP] the per-address cap counts per node, and its refusal says so', () => {
    const c = cluster();
    c.start(1, 'a');
    c.start(2, 'b');
    c.open(BOOT + 1);
    c.open(BOOT + 2);
    const third = c.open(BOOT + 3);
    expect(third.effects).toContainEqual(expect.objectContaining({ frame: expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS', message: 'at most 2 connections from one address on this node' }) }));
    // The same address on the other node has its own count.
    c.open(2 * BOOT + 1);
    expect(c.state.conns.has(2 * BOOT + 1)).toBe(true);
  });
});

describe('[CLUSTER] flags', () => {
  const parse = (args: string[]) => storageOptions(yargs(args).exitProcess(false).fail((message) => { throw new Error(message); }).strict(false)).parseSync();

  test('--redis refuses --data and --in-memory, a URL that is not redis:, and --node-name goes only with it', () => {
    expect(() => parse(['--redis', 'redis://127.0.0.1:6379', '--in-memory'])).toThrow('--redis keeps the state in Redis: it excludes --data and --in-memory');
    expect(() => parse(['--redis', 'redis://127.0.0.1:6379', '--data', '/tmp/x'])).toThrow('excludes --data');
    expect(() => parse(['--redis', 'http://x:1'])).toThrow('the scheme must be redis: or rediss:');
    expect(() => parse(['--node-name', 'a'])).toThrow('--node-name needs --redis');
    expect(() => parse(['--redis', 'redis://h:1', '--node-name', 'has space'])).toThrow('1 to 64 letters');
    expect(() => parse(['--redis', 'redis://h:1', '--node-lease', '0'])).toThrow();
  });

  test('redisUrlProblem: host, scheme and database path', () => {
    expect(redisUrlProblem('redis://127.0.0.1:6379')).toBeUndefined();
    expect(redisUrlProblem('rediss://user:pw@redis.example:6380/2')).toBeUndefined();
    expect(redisUrlProblem('not a url')).toBe('not a URL like redis://127.0.0.1:6379');
    expect(redisUrlProblem('redis://h:1/keys')).toBe('the path may only be a database number, like /0');
  });

  test('the default node name: host:port, or the pid with --port 0 (two nodes of one name would take each other\'s sessions)', () => {
    expect(defaultNodeName(12345, 7)).toMatch(/:12345$/);
    expect(defaultNodeName(0, 7)).toMatch(/:pid7$/);
    const argv = parse(['--redis', 'redis://127.0.0.1:6379', '--node-lease', '3']);
    expect(storageChoice({ ...argv, host: '127.0.0.1', port: 4000 })).toMatchObject({ kind: 'cluster', leaseMs: 3_000, node: expect.stringMatching(/:4000$/) });
  });

  test('a node that lost its lease exits 75 with the reason', () => {
    const failure = describeServeFailure(new NodeLostError('this node (boot 4) lost its lease'), '127.0.0.1', 1);
    expect(failure).toEqual({ exitCode: EXIT_NODE_LOST, msg: 'left the cluster: this node (boot 4) lost its lease', fields: {} });
  });
});
