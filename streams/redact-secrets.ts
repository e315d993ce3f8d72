import * as crypto from 'node:crypto';
import type { ConnId, RoomEvent } from '../src/events.js';
import type { ClientFrame } from '../src/protocol.js';
import { sameSecret } from '../src/same-secret.js';

export interface Secrets {
  /** [PASSWORD] The server password, or null for an open server. */
  readonly password: string | null;
  /** [OPER] The operators' secret, or null when nobody may become one. */
  readonly operSecret: string | null;
}

/**
 * [REDACT] The server's edge for secrets: no secret reaches the reducer, and so none reaches the
 * log. A connection's resume secret becomes its SHA-256 (kept raw here, for its welcome, while the
 * connection lives); a presented resume secret is hashed the same way; a hello's password and an
 * oper's secret become verdicts (`passwordOk`, `proven`) checked in constant time. Resume secrets
 * are 128 random bits, so an unsalted hash gives nothing away.
 */
export function createRedactor(secrets: Secrets) {
  const raw = new Map<ConnId, string>();

  function redact(event: RoomEvent): RoomEvent {
    switch (event.type) {
      case 'conn/opened': {
        if (event.token === undefined) return event;
        const { token, ...rest } = event;
        raw.set(event.conn, token);
        return { ...rest, resumeHash: hashSecret(token) };
      }
      case 'conn/frame-received': {
        const frame = redactFrame(event.frame);
        return frame === event.frame ? event : { ...event, frame };
      }
      case 'conn/closed':
      case 'conn/slow-consumer':
        raw.delete(event.conn);
        return event;
      default:
        return event;
    }
  }

  function redactFrame(frame: ClientFrame): ClientFrame {
    if (frame.type === 'hello') {
      const { password, resume, passwordOk: _ignored, ...rest } = frame;
      const ok = secrets.password === null || (password !== undefined && sameSecret(password, secrets.password));
      return { ...rest, passwordOk: ok, ...(resume === undefined ? {} : { resume: hashSecret(resume) }) };
    }
    if (frame.type === 'oper') {
      return { type: 'oper', secret: '', proven: secrets.operSecret !== null && sameSecret(frame.secret, secrets.operSecret) };
    }
    return frame;
  }

  return { redact, secretOf: (conn: ConnId) => raw.get(conn) };
}

/** [RESUME] What the state keeps of a resume secret. */
export function hashSecret(secret: string): string {
  return oneShot ? oneShot('sha256', secret, 'base64url') : crypto.createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/**
 * `crypto.hash` (Node 20.12 and later): the same digest without a Hash object, which a connect
 * storm makes one of per connection ([HOT-PATH]). Older Node 20 releases take the long way.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;
