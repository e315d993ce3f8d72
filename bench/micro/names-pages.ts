/**
 * [NAMES-PAGE] Cost per name of paging through a big room's members as a native client does after
 * a storm: `names` after each page's cursor until the last, through the reducer; and the two parts
 * of it, walking the member set a page at a time and looking each member's nickname up.
 *   npm run build && node dist/bench/micro/names-pages.js [members]
 * Figures are in docs/benchmarks.md (issue 13).
 */
import type { RoomEvent } from '../../src/events.js';
import { NAMES_PAGE, type ServerFrame } from '../../src/protocol.js';
import { createRoomReducer, defaultRoomOptions } from '../../src/room-reducer.js';
import { initialRoomState, type RoomState } from '../../src/room-state.js';

const members = Number(process.argv[2] ?? 5000);
const reduce = createRoomReducer({ ...defaultRoomOptions, floodRate: 0, maxPerAddress: 1_000_000, maxConnections: 1_000_000 });
let state: RoomState = initialRoomState;
for (let id = 1; id <= members; id++) {
  const opened: RoomEvent = { type: 'conn/opened', conn: id, address: `10.0.${id >> 8}.${id & 255}:1`, at: 1 };
  const hello: RoomEvent = { type: 'conn/frame-received', conn: id, frame: { type: 'hello', version: 1, nick: `user${id}` }, at: 2 };
  state = reduce(reduce(state, opened).state, hello).state;
}

/** Pages through `#lobby` as member 1; returns how many names it read. */
function pageAll(): number {
  let names = 0;
  let after: string | undefined;
  do {
    const step = reduce(state, { type: 'conn/frame-received', conn: 1, frame: { type: 'names', room: '#lobby', ...(after === undefined ? {} : { after }) }, at: 3 });
    const frame = (step.effects[0] as { frame: ServerFrame }).frame;
    if (frame.type !== 'room') throw new TypeError(`expected a room frame, got ${frame.type}`);
    names += frame.members.length;
    after = frame.next;
  } while (after !== undefined);
  return names;
}

if (pageAll() !== members) throw new TypeError('paging did not list every member once');
const rounds = Math.max(5, Math.round(2_000_000 / members));
for (let i = 0; i < 3; i++) pageAll();
const t0 = process.hrtime.bigint();
let names = 0;
for (let i = 0; i < rounds; i++) names += pageAll();
const ns = Number(process.hrtime.bigint() - t0);
process.stdout.write(`${members} members, pages of ${NAMES_PAGE}: ${(ns / names).toFixed(0)} ns per name through the reducer\n`);

const room = state.rooms.get('#lobby')!;
const ids = [...room.members];
/** ns per member of `work`, run over the whole room `rounds` times. */
function per(work: () => number): number {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < rounds; i++) sink += work();
  if (sink < 0) throw new TypeError('unreachable');
  return Number(process.hrtime.bigint() - start) / (rounds * ids.length);
}
const walk = per(() => {
  let seen = 0;
  let after: number | undefined;
  do {
    const page = room.members.valuesAfter(after, NAMES_PAGE + 1);
    seen += Math.min(page.length, NAMES_PAGE);
    after = page.length > NAMES_PAGE ? page[NAMES_PAGE - 1] : undefined;
  } while (after !== undefined);
  return seen;
});
const lookUp = per(() => ids.reduce((sum, id) => sum + (state.conns.get(id)?.nick?.length ?? 0), 0));
process.stdout.write(`  walking the member set: ${walk.toFixed(0)} ns per name; looking nicknames up: ${lookUp.toFixed(0)} ns per name\n`);
