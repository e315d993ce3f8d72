import { numeric } from './irc-replies.js';
import { IRC_SERVER, type IrcContext, type IrcSession } from './irc-session.js';

/** [IRC-WHOX] The field letters WHOX knows, in the order a 354 line gives them. */
const WHOX_ORDER = 'tcuihsnfdlaor';

/**
 * [IRC-WHOX] The `%fields[,token]` of `WHO mask %fields,token` (irssi and WeeChat ask it when 005
 * says WHOX), or `undefined` when the argument is not one (or names no field WHOX knows): then
 * it is a plain WHO.
 */
export function parseWhox(arg: string | undefined): IrcContext['whox'] {
  const match = /^%([a-z]{1,13})(?:,(\d{1,3}))?$/.exec(arg ?? '');
  if (!match) return undefined;
  const fields = [...WHOX_ORDER].filter((f) => match[1]!.includes(f)).join('');
  if (fields === '') return undefined;
  return match[2] === undefined ? { fields } : { fields, token: match[2] };
}

/** What rxchat can say of one person for a 354 line. */
export interface WhoxPerson {
  readonly nick: string;
  readonly room: string;
  readonly away: boolean;
  readonly oper: boolean;
  readonly idleSeconds: number;
}

/** [IRC-WHO] The flags of a WHO line: `H` here or `G` gone (away), then `*` for an operator. */
export function whoFlags(person: Pick<WhoxPerson, 'away' | 'oper'>): string {
  return `${person.away ? 'G' : 'H'}${person.oper ? '*' : ''}`;
}

/** [IRC-WHO] One 352 line: the user and the real name are the nick, the hop count 0. */
export function whoLine(session: IrcSession, person: WhoxPerson): string {
  return numeric(session, '352', person.room, person.nick, IRC_SERVER, IRC_SERVER, person.nick, whoFlags(person), `0 ${person.nick}`);
}

/**
 * [IRC-WHOX] One 354 line: the asked fields in WHOX's order. rxchat has no user names, addresses,
 * accounts or channel op levels: the user is the nick, the IP is hidden, the account is `0`
 * (none), the op level `n/a`, the real name the nick.
 */
export function whoxLine(session: IrcSession, whox: NonNullable<IrcContext['whox']>, person: WhoxPerson): string {
  const value: Record<string, string> = {
    t: whox.token ?? '0', c: person.room, u: person.nick, i: '255.255.255.255', h: IRC_SERVER, s: IRC_SERVER, n: person.nick,
    f: whoFlags(person), d: '0', l: String(person.idleSeconds), a: '0', o: 'n/a', r: person.nick,
  };
  return numeric(session, '354', ...[...whox.fields].map((f) => value[f]!));
}
