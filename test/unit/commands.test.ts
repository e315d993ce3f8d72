import { fc, test as propTest } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { COMMANDS, helpText, parseInput, type InputContext, type ParsedInput } from '../../src/commands.js';
import { decodeClientFrame, encodeFrame } from '../../src/native-codec.js';

/** [COMMANDS] The shared parser of typed lines: every command's forms, its usage errors, and /help. */

const ctx: InputContext = { room: '#dev' };
const replying: InputContext = { room: '#dev', lastPrivateFrom: 'carol' };
const paging: InputContext = { room: '#dev', oldestId: 120 };
const searched: InputContext = { room: '#dev', search: { room: '#ops', words: 'deploy', before: 77 } };
const HISTORY_USAGE = '/history [N | more [N]]';
const SEARCH_USAGE = '/search [--before ID] words';
const frame = (f: object): ParsedInput => ({ kind: 'frame', frame: f as never });
const usage = (spec: string): ParsedInput => ({ kind: 'error', message: `usage: ${spec}` });
const error = (message: string | RegExp) => ({ kind: 'error', message: typeof message === 'string' ? message : expect.stringMatching(message) });

/** Every command, right and wrong: [typed line, context, what it parses to]. */
const TABLE: [string, InputContext, unknown][] = [
  // Rooms
  ['/join #ops', ctx, frame({ type: 'join', room: '#ops' })],
  ['/join #OPS', ctx, frame({ type: 'join', room: '#ops' })],
  ['/JOIN #ops', ctx, frame({ type: 'join', room: '#ops' })],
  ['/join', ctx, usage('/join #room')],
  ['/join #a #b', ctx, usage('/join #room')],
  ['/join ops', ctx, error('room names are "#" and 1 to 20 letters, digits, "_" or "-"')],
  ['/join #' + 'x'.repeat(21), ctx, error(/^room names are/)],
  ['/join #bad.name', ctx, error(/^room names are/)],
  ['/part', ctx, frame({ type: 'part', room: '#dev' })],
  ['/part #ops', ctx, frame({ type: 'part', room: '#ops' })],
  ['/part #ops see you', ctx, frame({ type: 'part', room: '#ops', reason: 'see you' })],
  ['/part see you', ctx, frame({ type: 'part', room: '#dev', reason: 'see you' })],
  ['/rooms', ctx, frame({ type: 'rooms' })],
  ['/rooms all', ctx, usage('/rooms')],
  ['/topic', ctx, frame({ type: 'topic', room: '#dev' })],
  ['/topic #ops', ctx, frame({ type: 'topic', room: '#ops' })],
  ['/topic #ops release on friday', ctx, frame({ type: 'topic', room: '#ops', text: 'release on friday' })],
  ['/topic release on friday', ctx, frame({ type: 'topic', room: '#dev', text: 'release on friday' })],
  ['/topic ""', ctx, frame({ type: 'topic', room: '#dev', text: '' })],
  ['/topic #ops ""', ctx, frame({ type: 'topic', room: '#ops', text: '' })],
  ['/names', ctx, frame({ type: 'names', room: '#dev' })],
  ['/names #ops', ctx, frame({ type: 'names', room: '#ops' })],
  ['/names #ops #dev', ctx, usage('/names [#room]')],
  ['/names ops', ctx, usage('/names [#room]')],
  // People
  ['/nick robert', ctx, frame({ type: 'nick', nick: 'robert' })],
  ['/nick', ctx, usage('/nick new')],
  ['/nick two words', ctx, usage('/nick new')],
  ['/whois bob', ctx, frame({ type: 'whois', nick: 'bob' })],
  ['/whois', ctx, usage('/whois nick')],
  ['/whois bob alice', ctx, usage('/whois nick')],
  ['/away', ctx, frame({ type: 'away', reason: 'away' })],
  ['/away out for lunch', ctx, frame({ type: 'away', reason: 'out for lunch' })],
  ['/back', ctx, frame({ type: 'away' })],
  ['/back now', ctx, usage('/back')],
  // Messages
  ['/msg bob psst, over here', ctx, frame({ type: 'msg', to: 'bob', text: 'psst, over here' })],
  ['/msg bob', ctx, usage('/msg nick text')],
  ['/msg', ctx, usage('/msg nick text')],
  ['/reply thanks', replying, frame({ type: 'msg', to: 'carol', text: 'thanks' })],
  ['/reply thanks', ctx, error('nobody has written to you privately yet')],
  ['/reply', replying, usage('/reply text')],
  ['/me waves', ctx, frame({ type: 'say', text: 'waves', room: '#dev', kind: 'action' })],
  ['/me', ctx, usage('/me action')],
  // History [HISTORY-MAX] [HISTORY-PAGE]
  ['/history', ctx, frame({ type: 'history', room: '#dev' })],
  ['/history 5', ctx, frame({ type: 'history', room: '#dev', limit: 5 })],
  ['/history 1000', ctx, frame({ type: 'history', room: '#dev', limit: 1000 })],
  ['/history 1001', ctx, error('history gives at most 1000 messages at a time; /history more pages back from the oldest shown')],
  ['/history 99999999999999999', ctx, usage(HISTORY_USAGE)],
  ['/history 0', ctx, usage(HISTORY_USAGE)],
  ['/history -3', ctx, usage(HISTORY_USAGE)],
  ['/history 2.5', ctx, usage(HISTORY_USAGE)],
  ['/history 1e3', ctx, usage(HISTORY_USAGE)],
  ['/history lots', ctx, usage(HISTORY_USAGE)],
  ['/history 5 6', ctx, usage(HISTORY_USAGE)],
  ['/history more', paging, frame({ type: 'history', room: '#dev', limit: 50, before: 120 })],
  ['/history MORE 200', paging, frame({ type: 'history', room: '#dev', limit: 200, before: 120 })],
  ['/history more', ctx, frame({ type: 'history', room: '#dev', limit: 50 })],
  ['/history more 1001', paging, error(/^history gives at most 1000 messages/)],
  ['/history more 0', paging, usage(HISTORY_USAGE)],
  ['/history more 5 6', paging, usage(HISTORY_USAGE)],
  // Search [SEARCH] [SEARCH-PAGE] [SEARCH-WORDS]
  ['/search release notes', ctx, frame({ type: 'search', room: '#dev', words: 'release notes' })],
  ['/search   déjà vu 🎉 ', ctx, frame({ type: 'search', room: '#dev', words: 'déjà vu 🎉' })],
  ['/search #ops meeting', ctx, frame({ type: 'search', room: '#dev', words: '#ops meeting' })],
  ['/search --before 42 release', ctx, frame({ type: 'search', room: '#dev', words: 'release', before: 42 })],
  ['/search --BEFORE=42 release', ctx, frame({ type: 'search', room: '#dev', words: 'release', before: 42 })],
  ['/search --before 0 release', ctx, error(/^--before takes a message id/)],
  ['/search --before x release', ctx, error(/^--before takes a message id/)],
  ['/search --before release', ctx, error(/^--before takes a message id/)],
  ['/search --before 42', ctx, usage(SEARCH_USAGE)],
  ['/search', ctx, usage(SEARCH_USAGE)],
  ['/search ' + 'x'.repeat(201), ctx, error('a search is at most 200 characters')],
  ['/search ' + 'x'.repeat(200), ctx, frame({ type: 'search', room: '#dev', words: 'x'.repeat(200) })],
  ['/more', searched, frame({ type: 'search', room: '#ops', words: 'deploy', before: 77 })],
  ['/more', ctx, error('/more goes on with a search: /search words first')],
  ['/more', { room: '#dev', search: { room: '#ops', words: 'deploy' } }, error('no more results for "deploy" in #ops')],
  ['/more please', searched, usage('/more')],
  // Server
  ['/motd', ctx, frame({ type: 'motd' })],
  ['/motd please', ctx, usage('/motd')],
  ['/help', ctx, { kind: 'local', command: { type: 'help' } }],
  ['/help msg', ctx, { kind: 'local', command: { type: 'help', topic: 'msg' } }],
  ['/help /msg', ctx, { kind: 'local', command: { type: 'help', topic: 'msg' } }],
  ['/quit', ctx, frame({ type: 'quit' })],
  ['/quit time for bed', ctx, frame({ type: 'quit', reason: 'time for bed' })],
  ['/close', ctx, frame({ type: 'quit' })],
  ['/close for now', ctx, frame({ type: 'quit', reason: 'for now' })],
  // Client side
  ['/ignore bob', ctx, { kind: 'local', command: { type: 'ignore', nick: 'bob' } }],
  ['/ignore', ctx, usage('/ignore nick')],
  ['/unignore bob', ctx, { kind: 'local', command: { type: 'unignore', nick: 'bob' } }],
  ['/unignore', ctx, usage('/unignore nick')],
  // Moderation
  ['/oper open sesame', ctx, frame({ type: 'oper', secret: 'open sesame' })],
  ['/oper', ctx, usage('/oper secret')],
  ['/kick bob', ctx, frame({ type: 'kick', nick: 'bob' })],
  ['/kick bob spamming again', ctx, frame({ type: 'kick', nick: 'bob', reason: 'spamming again' })],
  ['/kick', ctx, usage('/kick nick [reason]')],
  ['/ban bob', ctx, frame({ type: 'ban', nick: 'bob' })],
  ['/ban bob 90s', ctx, frame({ type: 'ban', nick: 'bob', durationMs: 90_000 })],
  ['/ban bob 10m', ctx, frame({ type: 'ban', nick: 'bob', durationMs: 600_000 })],
  ['/ban bob 2h', ctx, frame({ type: 'ban', nick: 'bob', durationMs: 7_200_000 })],
  ['/ban bob 7d', ctx, frame({ type: 'ban', nick: 'bob', durationMs: 604_800_000 })],
  ['/ban bob 10x', ctx, error('"10x" is not a duration: use 90s, 10m, 2h or 7d')],
  ['/ban bob 0s', ctx, error('a duration must be from 1s to 365d')],
  ['/ban bob 366d', ctx, error('a duration must be from 1s to 365d')],
  ['/ban bob 10m now', ctx, usage('/ban nick [duration]')],
  ['/ban', ctx, usage('/ban nick [duration]')],
  ['/unban bob', ctx, frame({ type: 'unban', nick: 'bob' })],
  ['/unban', ctx, usage('/unban nick')],
  ['/mute bob', ctx, frame({ type: 'mute', nick: 'bob' })],
  ['/mute bob 10m', ctx, frame({ type: 'mute', nick: 'bob', durationMs: 600_000 })],
  ['/mute bob soon', ctx, error('"soon" is not a duration: use 90s, 10m, 2h or 7d')],
  ['/mute', ctx, usage('/mute nick [duration]')],
  ['/unmute bob', ctx, frame({ type: 'unmute', nick: 'bob' })],
  ['/unmute bob alice', ctx, usage('/unmute nick')],
  ['/locktopic', ctx, frame({ type: 'lock-topic', room: '#dev', locked: true })],
  ['/locktopic #ops', ctx, frame({ type: 'lock-topic', room: '#ops', locked: true })],
  ['/locktopic ops', ctx, usage('/locktopic [#room]')],
  ['/unlocktopic', ctx, frame({ type: 'lock-topic', room: '#dev', locked: false })],
  ['/unlocktopic #ops #dev', ctx, usage('/unlocktopic [#room]')],
  // Text, escapes, unknowns
  ['hello there', ctx, frame({ type: 'say', text: 'hello there', room: '#dev' })],
  ['  indented /not a command', ctx, frame({ type: 'say', text: '  indented /not a command', room: '#dev' })],
  ['//join is how you join', ctx, frame({ type: 'say', text: '/join is how you join', room: '#dev' })],
  ['//', ctx, frame({ type: 'say', text: '/', room: '#dev' })],
  ['/frobnicate now', ctx, error('unknown command /frobnicate; /help lists them')],
  ['/', ctx, error(/\/help lists them/)],
  ['/ join', ctx, error(/\/help lists them/)],
  ['', ctx, { kind: 'empty' }],
  ['   \t ', ctx, { kind: 'empty' }],
];

describe('[COMMANDS] parseInput', () => {
  test.each(TABLE)('%j in %j', (line, context, expected) => {
    expect(parseInput(line, context)).toEqual(expected);
  });

  test('the table covers every command, right and wrong', () => {
    for (const { name } of COMMANDS) {
      const lines = TABLE.map(([line]) => line.toLowerCase()).filter((l) => l === `/${name}` || l.startsWith(`/${name} `));
      expect(lines.length, `/${name} in the table`).toBeGreaterThanOrEqual(2);
    }
  });

  propTest.prop([fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('#dev', '#lobby')])('never throws, and every frame it makes is one the server decodes', (a, b, room) => {
    for (const line of [a, b, `/${a}`, `/${b}`, `/${a.trimStart()} ${b}`, `//${a}`]) {
      const parsed = parseInput(line, { room, lastPrivateFrom: 'bob' });
      if (parsed.kind === 'frame') expect(decodeClientFrame(encodeFrame(parsed.frame).trimEnd())).toEqual({ ok: true, value: parsed.frame });
    }
  });

  propTest.prop([fc.string().filter((s) => !s.startsWith('/') && s.trim() !== '')])('a line that does not start with "/" is said, as typed, in the current room', (line) => {
    expect(parseInput(line, ctx)).toEqual(frame({ type: 'say', text: line, room: '#dev' }));
  });

  propTest.prop([fc.constantFrom(...COMMANDS.map((c) => c.name)), fc.string({ maxLength: 20 })])('a known command gives a frame, a local command or an error that names its usage or the rule broken', (name, args) => {
    const parsed = parseInput(`/${name} ${args}`, replying);
    expect(['frame', 'local', 'error']).toContain(parsed.kind);
  });
});

describe('[COMMANDS] /help', () => {
  test('lists every command once, one a line, usage first, operators marked', () => {
    const lines = helpText();
    expect(lines).toHaveLength(COMMANDS.length);
    COMMANDS.forEach((spec, i) => {
      expect(lines[i]!.startsWith(spec.usage)).toBe(true);
      expect(lines[i]!.endsWith(spec.oper ? `${spec.summary} (operators)` : spec.summary)).toBe(true);
    });
    // One column: every summary starts at the same place.
    const starts = new Set(COMMANDS.map((spec, i) => lines[i]!.indexOf(spec.summary)));
    expect(starts.size).toBe(1);
  });

  test('explains one command, in any case, and says when there is none', () => {
    expect(helpText('msg')).toEqual(['/msg nick text  send a private message']);
    expect(helpText('BAN')).toEqual(['/ban nick [duration]  ban a nick and its address (e.g. 10m, 2h, 7d) (operators)']);
    expect(helpText('frobnicate')).toEqual(['unknown command /frobnicate; /help lists them']);
  });

  test('names exactly the commands docs/commands.md documents', () => {
    const docs = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    const table = docs.slice(docs.indexOf('| command |'), docs.indexOf('## Rules'));
    const documented = new Set([...table.matchAll(/^\| (.+?) \|/gm)].flatMap(([, cell]) => [...cell!.matchAll(/`\/([a-z]+)/g)].map(([, name]) => name!)));
    expect([...documented].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});
