import { err, ok, type Result } from '../result.js';

/**
 * [IRC-LINE] One IRC message (RFC 1459/2812 framing with IRCv3 message tags):
 * `[@tags ][:source ]COMMAND[ param...][ :trailing]`. `params` holds the trailing parameter last,
 * like any other; the serializer decides whether it needs its colon.
 */
export interface IrcMessage {
  /** IRCv3 tags, unescaped. A null-prototype record: a tag called `__proto__` is just a tag. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly source?: string;
  /** Upper-cased: a verb (`PRIVMSG`) or a three-digit numeric (`001`). */
  readonly command: string;
  readonly params: readonly string[];
}

/**
 * [IRC-LINE-MAX] A line without its tags is at most 512 bytes, CR LF included (RFC 1459 2.3);
 * the tag section (from `@` to its space) is at most 8191 bytes (IRCv3 message-tags). The framing
 * limit of an IRC connection is their sum: anything longer is never buffered.
 */
export const IRC_BODY_MAX = 512;
export const IRC_TAGS_MAX = 8191;
export const IRC_FRAME_MAX = IRC_BODY_MAX + IRC_TAGS_MAX;

/** Why a received line is not a message: `empty` lines are ignored, `too-long` ones draw 417. */
export type IrcParseError = 'empty' | 'too-long' | 'bad-char' | 'no-command';

const COMMAND = /^(?:[A-Za-z]+|\d{3})$/;
const encoder = new TextEncoder();

/** Bytes `text` takes in UTF-8, without allocating for ASCII-only text. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/**
 * Parses one received line (its CR LF already removed by the framing). Never throws: any string
 * gives a message or a reason. [IRC-INJECTION] a line holding NUL or a bare CR is refused whole,
 * so no parameter can carry a line break or a NUL into anything built from it.
 */
export function parseIrcLine(line: string): Result<IrcMessage, IrcParseError> {
  if (/[\0\r\n]/.test(line)) return err('bad-char');
  let rest = line;
  let tags: Record<string, string> | undefined;
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    const section = space === -1 ? rest : rest.slice(0, space);
    if (utf8Length(section) + 1 > IRC_TAGS_MAX) return err('too-long');
    tags = parseTags(section.slice(1));
    rest = space === -1 ? '' : rest.slice(space + 1);
  }
  // Two bytes for the CR LF the framing removed.
  if (utf8Length(rest) + 2 > IRC_BODY_MAX) return err('too-long');
  rest = rest.replace(/^ +/, '');
  let source: string | undefined;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    source = space === -1 ? rest.slice(1) : rest.slice(1, space);
    rest = space === -1 ? '' : rest.slice(space + 1).replace(/^ +/, '');
  }
  if (rest === '') return err(tags === undefined && source === undefined && line.trim() === '' ? 'empty' : 'no-command');
  const { command, params } = splitParams(rest);
  if (!COMMAND.test(command)) return err('no-command');
  return ok({
    ...(tags === undefined ? {} : { tags }),
    ...(source === undefined ? {} : { source }),
    command: command.toUpperCase(),
    params,
  });
}

/** The command word and its parameters; a `:` opens the trailing one, which may hold spaces. */
function splitParams(text: string): { command: string; params: string[] } {
  const params: string[] = [];
  let rest = text;
  const first = rest.indexOf(' ');
  const command = first === -1 ? rest : rest.slice(0, first);
  rest = first === -1 ? '' : rest.slice(first + 1);
  while (rest !== '') {
    // Clients are lenient about runs of spaces, and so are we.
    if (rest.startsWith(' ')) { rest = rest.replace(/^ +/, ''); continue; }
    if (rest.startsWith(':')) { params.push(rest.slice(1)); break; }
    const space = rest.indexOf(' ');
    params.push(space === -1 ? rest : rest.slice(0, space));
    rest = space === -1 ? '' : rest.slice(space + 1);
  }
  return { command, params };
}

const UNESCAPE: Readonly<Record<string, string>> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/** Tag values unescaped as IRCv3 says: `\:` `\s` `\\` `\r` `\n`; `\x` is `x`; a final lone `\` vanishes. */
function parseTags(section: string): Record<string, string> {
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const item of section.split(';')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const raw = eq === -1 ? '' : item.slice(eq + 1);
    tags[key] = raw.replace(/\\(.?)/gs, (_, c: string) => (c === '' ? '' : UNESCAPE[c] ?? c));
  }
  return tags;
}

const ESCAPE: Readonly<Record<string, string>> = { ';': '\\:', ' ': '\\s', '\\': '\\\\', '\r': '\\r', '\n': '\\n' };

/** A tag value escaped for the wire (NUL has no escape and is dropped). */
export function escapeTagValue(value: string): string {
  return value.replace(/[; \\\r\n]|\0/g, (c) => ESCAPE[c] ?? '');
}

/**
 * Serializes a message as one wire line, CR LF included. [IRC-INJECTION] whatever the fields hold,
 * the result is exactly one line: CR, LF and NUL become a space in the trailing parameter, and a
 * middle parameter (or source, or command) loses them and any space to `_`; an empty middle
 * parameter becomes `*`. The last parameter always carries its colon, as ngircd writes it: naive
 * clients (ii) find a message's text by its ` :`.
 */
export function formatIrcLine(message: IrcMessage): string {
  let tags = '';
  if (message.tags) {
    const items = Object.keys(message.tags).map((key) => {
      const value = message.tags![key]!;
      const name = key.replace(/[ \0\r\n;=]/g, '_');
      return value === '' ? name : `${name}=${escapeTagValue(value)}`;
    });
    if (items.length > 0) tags = `@${items.join(';')} `;
  }
  let out = message.source === undefined ? '' : `:${word(message.source)} `;
  out += word(message.command);
  const { params } = message;
  for (let i = 0; i < params.length - 1; i++) out += ` ${middle(params[i]!)}`;
  if (params.length > 0) {
    // [IRC-LINE-MAX] What we send fits in 512 bytes too: an over-long last parameter is cut.
    const room = IRC_BODY_MAX - 2 - utf8Length(out) - 2;
    out += ` :${cutUtf8(params[params.length - 1]!.replace(/[\0\r\n]/g, ' '), Math.max(0, room))}`;
  }
  return `${tags}${out}\r\n`;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || utf8Length(text) <= maxBytes) return text;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) return text.slice(0, i);
    bytes += size;
    if (pair) i++;
  }
  return text;
}

/** UTF-8 bytes of a serialized line. */
export function ircBytes(line: string): Uint8Array {
  return encoder.encode(line);
}

function word(text: string): string {
  const clean = text.replace(/[ \0\r\n]/g, '_');
  return clean === '' ? '*' : clean;
}

/** [IRC-LINE-MAX] A middle parameter is a name; an echoed over-long one is cut to 100 characters. */
function middle(text: string): string {
  const clean = word(text.slice(0, 100));
  return clean.startsWith(':') ? `_${clean}` : clean;
}
