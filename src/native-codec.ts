import type { ClientFrame, ErrorCode, ServerFrame } from './protocol.js';
import { err, ok, type Result } from './result.js';
import { decodeUtf8 } from './utf8.js';

/** Why a line could not become a frame: a stable code and words for the peer. */
export interface DecodeError {
  readonly code: ErrorCode;
  readonly message: string;
}

type Fields = Record<string, unknown>;

/** A field rule: a check and the words that name what it wants. */
interface Rule { readonly test: (value: unknown) => boolean; readonly wants: string; readonly optional?: true }
type Shape = Readonly<Record<string, Rule>>;

const str: Rule = { test: (v) => typeof v === 'string', wants: 'a string' };
const num: Rule = { test: (v) => typeof v === 'number' && Number.isFinite(v), wants: 'a number' };
const bool: Rule = { test: (v) => typeof v === 'boolean', wants: 'a boolean' };
const strOrNull: Rule = { test: (v) => v === null || typeof v === 'string', wants: 'a string or null' };
const strings: Rule = { test: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), wants: 'an array of strings' };
const summaries: Rule = {
  test: (v) => Array.isArray(v) && v.every((r: Record<string, unknown>) =>
    typeof r === 'object' && r !== null && typeof r['name'] === 'string' && typeof r['members'] === 'number' &&
    (r['topic'] === null || typeof r['topic'] === 'string')),
  wants: 'an array of room summaries',
};
const messages: Rule = {
  test: (v) => Array.isArray(v) && v.every((m: Record<string, unknown>) =>
    typeof m === 'object' && m !== null && typeof m['id'] === 'number' && typeof m['ts'] === 'number' &&
    typeof m['room'] === 'string' && typeof m['from'] === 'string' && typeof m['text'] === 'string'),
  wants: 'an array of messages',
};
const leaves: Rule = {
  test: (v) => Array.isArray(v) && v.every((l: Record<string, unknown>) =>
    typeof l === 'object' && l !== null && typeof l['nick'] === 'string' && typeof l['reason'] === 'string' &&
    (l['text'] === undefined || typeof l['text'] === 'string') && (l['by'] === undefined || typeof l['by'] === 'string')),
  wants: 'an array of leaves',
};
const count: Rule = { test: (v) => Number.isInteger(v) && (v as number) >= 0, wants: 'a whole number' };
const oneOf = (...values: string[]): Rule => ({ test: (v) => values.includes(v as string), wants: values.map((v) => `"${v}"`).join(' or ') });
const literalTrue: Rule = { test: (v) => v === true, wants: 'true' };
const opt = (rule: Rule): Rule => ({ ...rule, optional: true });

/** [FRAME-SHAPE] The fields each client frame type carries; anything else is dropped. */
const CLIENT_SHAPES: Record<Exclude<ClientFrame['type'], 'line'>, Shape> = {
  hello: { version: num, nick: str, password: opt(str), resume: opt(str), seen: opt(num), allNames: opt(literalTrue) },
  say: { text: str, room: opt(str), kind: opt(oneOf('say', 'action')), ref: opt(str) },
  ping: { ref: opt(str) },
  pong: { ref: opt(str) },
  quit: { reason: opt(str) },
  msg: { to: str, text: str, kind: opt(oneOf('say', 'action')), ref: opt(str) },
  join: { room: str, allNames: opt(literalTrue) },
  part: { room: str, reason: opt(str) },
  topic: { room: str, text: opt(str) },
  rooms: {},
  names: { room: str, after: opt(str), allNames: opt(literalTrue) },
  nick: { nick: str },
  whois: { nick: str },
  away: { reason: opt(str) },
  history: { room: str, limit: opt(count), before: opt(count) },
  search: { room: str, words: str, before: opt(count) },
  motd: {},
  oper: { secret: str },
  kick: { nick: str, reason: opt(str) },
  ban: { nick: str, durationMs: opt(count) },
  unban: { nick: str },
  mute: { nick: str, durationMs: opt(count) },
  unmute: { nick: str },
  'lock-topic': { room: str, locked: bool },
};

const SERVER_SHAPES: Record<ServerFrame['type'], Shape> = {
  welcome: { version: num, nick: str, room: str, members: strings, maxFrameBytes: num, maxTextLength: num, resume: opt(str), resumed: opt(bool) },
  message: { id: num, ts: num, room: str, from: str, text: str, kind: opt(oneOf('action')), history: opt(literalTrue) },
  private: { id: num, ts: num, from: str, to: str, text: str, kind: opt(oneOf('action')) },
  ack: { id: num, ts: num, ref: opt(str) },
  joined: { ts: num, room: str, nick: str },
  left: { ts: num, room: str, nick: str, reason: str, text: opt(str), by: opt(str) },
  presence: { ts: num, room: str, joined: strings, left: leaves, count, quiet: opt(literalTrue) },
  pong: { ts: num, ref: opt(str) },
  error: { code: str, message: str, fatal: bool, ref: opt(str), retryAfterMs: opt(count) },
  ping: { ref: str },
  bye: { reason: str, code: opt(oneOf('quit', 'kicked', 'banned', 'shutdown', 'resumed')) },
  room: { room: str, topic: strOrNull, topicLocked: bool, members: strings, count, next: opt(str), after: opt(str), createdAt: opt(num), away: opt(strings), opers: opt(strings) },
  topic: { room: str, topic: strOrNull, by: strOrNull, ts: num, locked: bool },
  rooms: { rooms: summaries },
  nick: { old: str, nick: str, ts: num },
  whois: { nick: str, rooms: strings, since: num, idleMs: num, away: strOrNull, oper: bool },
  info: { text: str },
  search: { room: str, words: str, results: messages, more: bool },
  away: { ts: num, room: str, nick: str, away: strOrNull },
};

/** Encodes any frame as one line of JSON, newline included. */
export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame) + '\n';
}

/** Decodes one line (newline excluded) sent by a client. Never throws. */
export function decodeClientFrame(line: Uint8Array | string): Result<ClientFrame, DecodeError> {
  return decodeWith(line, CLIENT_SHAPES) as Result<ClientFrame, DecodeError>;
}

/** Decodes one line (newline excluded) sent by a server. Never throws. */
export function decodeServerFrame(line: Uint8Array | string): Result<ServerFrame, DecodeError> {
  return decodeWith(line, SERVER_SHAPES) as Result<ServerFrame, DecodeError>;
}

function decodeWith(
  line: Uint8Array | string,
  shapes: Record<string, Shape>,
): Result<Fields, DecodeError> {
  const text = typeof line === 'string' ? line : decodeUtf8(line);
  if (text === undefined) return err({ code: 'BAD_UTF8', message: 'frame is not valid UTF-8' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err({ code: 'BAD_JSON', message: 'frame is not valid JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return err({ code: 'BAD_FRAME', message: 'frame must be a JSON object' });
  }
  const fields = parsed as Fields;
  const type = fields['type'];
  if (typeof type !== 'string') {
    return err({ code: 'BAD_FRAME', message: 'frame needs a string "type"' });
  }
  const shape = Object.hasOwn(shapes, type) ? shapes[type] : undefined;
  if (shape === undefined) {
    return err({ code: 'UNKNOWN_TYPE', message: `unknown frame type "${type.slice(0, 32)}"` });
  }
  return pick(type, fields, shape);
}

/** Copies the known fields, checking each, so no stray property reaches the core. */
function pick(type: string, fields: Fields, shape: Shape): Result<Fields, DecodeError> {
  const out: Fields = { type };
  for (const [name, rule] of Object.entries(shape)) {
    const value = fields[name];
    if (value === undefined && rule.optional) continue;
    if (!rule.test(value)) {
      return err({ code: 'BAD_FRAME', message: `"${type}" needs "${name}" as ${rule.wants}` });
    }
    out[name] = value;
  }
  return ok(out);
}
