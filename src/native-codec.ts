import type { ClientFrame, ErrorCode, ServerFrame } from './protocol.js';
import { err, ok, type Result } from './result.js';

/** Why a line could not become a frame: a stable code and words for the peer. */
export interface DecodeError {
  readonly code: ErrorCode;
  readonly message: string;
}

type Fields = Record<string, unknown>;
type Shape = Record<string, 'string' | 'number' | 'string?' | 'number?' | 'boolean' | 'string[]'>;

/** [FRAME-SHAPE] The fields each client frame type carries; anything else is ignored. */
const CLIENT_SHAPES: Record<ClientFrame['type'], Shape> = {
  hello: { version: 'number', nick: 'string' },
  say: { text: 'string', ref: 'string?' },
  ping: { ref: 'string?' },
  quit: { reason: 'string?' },
};

const SERVER_SHAPES: Record<ServerFrame['type'], Shape> = {
  welcome: {
    version: 'number', nick: 'string', room: 'string', members: 'string[]',
    maxFrameBytes: 'number', maxTextLength: 'number',
  },
  message: { id: 'number', ts: 'number', room: 'string', from: 'string', text: 'string' },
  ack: { id: 'number', ts: 'number', ref: 'string?' },
  joined: { ts: 'number', room: 'string', nick: 'string' },
  left: { ts: 'number', room: 'string', nick: 'string', reason: 'string' },
  pong: { ts: 'number', ref: 'string?' },
  error: { code: 'string', message: 'string', fatal: 'boolean', ref: 'string?' },
  bye: { reason: 'string' },
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  let text: string;
  if (typeof line === 'string') text = line;
  else {
    try {
      text = utf8.decode(line);
    } catch {
      return err({ code: 'BAD_UTF8', message: 'frame is not valid UTF-8' });
    }
  }
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

/** Copies the known fields, checking each type, so no stray property reaches the core. */
function pick(type: string, fields: Fields, shape: Shape): Result<Fields, DecodeError> {
  const out: Fields = { type };
  for (const [name, kind] of Object.entries(shape)) {
    const value = fields[name];
    const optional = kind.endsWith('?');
    if (value === undefined && optional) continue;
    if (!hasKind(value, optional ? kind.slice(0, -1) : kind)) {
      return err({ code: 'BAD_FRAME', message: `"${type}" needs "${name}" as ${kind.replace('?', '')}` });
    }
    out[name] = value;
  }
  return ok(out);
}

function hasKind(value: unknown, kind: string): boolean {
  switch (kind) {
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === kind;
  }
}
