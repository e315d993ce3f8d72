import type { LeftFrame, PresenceFrame, ServerFrame } from './protocol.js';

/**
 * [PLAIN-LINES] The stdout lines of the plain client: stable, one event a line, for scripts.
 * Events of the current room print bare (`bob: hi`); other rooms are tagged (`[#dev] bob: hi`);
 * replayed history is tagged `[history]`; private messages are `*bob* psst`.
 */
export interface PlainView {
  readonly room: string;
  readonly nick: string;
}

const tag = (room: string, view: PlainView) => (room === view.room ? '' : `[${room}] `);

const LEAVING: Record<LeftFrame['reason'], string> = {
  quit: 'disconnected',
  disconnected: 'disconnected',
  'slow-consumer': 'disconnected',
  'protocol-error': 'disconnected',
  part: 'left',
  kicked: 'was kicked',
  banned: 'was banned',
  timeout: 'disconnected',
  flooding: 'disconnected',
};

/** UTC to the second: `2026-11-25T14:00:00Z`. */
function isoSeconds(ts: number): string {
  return new Date(ts).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The lines a frame prints (none for frames that are only protocol). */
export function formatPlain(frame: ServerFrame, view: PlainView): string[] {
  switch (frame.type) {
    case 'message': {
      const body = frame.kind === 'action' ? `* ${frame.from} ${frame.text}` : `${frame.from}: ${frame.text}`;
      return [`${frame.history ? '[history] ' : ''}${tag(frame.room, view)}${body}`];
    }
    case 'private':
      return [frame.kind === 'action' ? `** ${frame.from} ${frame.text}` : `*${frame.from}* ${frame.text}`];
    case 'joined':
      return [`${tag(frame.room, view)}* ${frame.nick} joined`];
    case 'left': {
      const words = frame.text === undefined ? '' : ` (${frame.text})`;
      return [`${tag(frame.room, view)}* ${frame.nick} ${LEAVING[frame.reason] ?? 'disconnected'}${words}`];
    }
    case 'presence':
      return presenceLines(frame, view);
    case 'room': {
      // [NAMES-PAGE] A later page of a long list adds names; the topic came with the first.
      if (frame.after !== undefined) return [`* also in ${frame.room}: ${frame.members.join(' ')}`];
      const topic = frame.topic === null ? [] : [`* topic of ${frame.room}: ${frame.topic}`];
      const more = frame.next === undefined ? '' : ` (${frame.members.length} of ${frame.count})`;
      return [`* in ${frame.room}${more}: ${frame.members.join(' ')}`, ...topic];
    }
    case 'topic':
      return [`${frame.topic === null ? `* ${frame.room} has no topic` : `* topic of ${frame.room}: ${frame.topic}${frame.by ? ` (set by ${frame.by})` : ''}`}${frame.locked ? ' [locked]' : ''}`];
    case 'rooms':
      return frame.rooms.map((r) => `* ${r.name} (${r.members})${r.topic === null ? '' : `: ${r.topic}`}`);
    case 'nick':
      return [`* ${frame.old} is now known as ${frame.nick}`];
    case 'whois': {
      const away = frame.away === null ? '' : `, away: ${frame.away}`;
      const since = isoSeconds(frame.since);
      return [`* ${frame.nick}${frame.oper ? ' (operator)' : ''}: in ${frame.rooms.join(' ') || 'no room'}, connected since ${since}, idle ${Math.round(frame.idleMs / 1000)}s${away}`];
    }
    case 'info':
      return frame.text.split('\n').map((line) => `* ${line}`);
    case 'search': {
      // [PLAIN-SEARCH] A head line (", more" when an older page exists: /more), then one line a
      // result, newest first: fixed fields (UTC time, room, id) before the free text.
      const count = `${frame.results.length} result${frame.results.length === 1 ? '' : 's'}`;
      const head = `* search "${frame.words}" in ${frame.room}: ${count}${frame.more ? ', more' : ''}`;
      return [head, ...frame.results.map((m) => `[search] ${isoSeconds(m.ts)} ${m.room} ${m.id} ${m.kind === 'action' ? `* ${m.from} ${m.text}` : `${m.from}: ${m.text}`}`)];
    }
    default:
      return [];
  }
}

/** [PRESENCE] A window's joins on one line and its leaves on another; nothing for a `quiet` (big) room. */
function presenceLines(frame: PresenceFrame, view: PlainView): string[] {
  if (frame.quiet) return [];
  const lines: string[] = [];
  const joined = frame.joined.filter((nick) => nick !== view.nick);
  if (joined.length > 0) lines.push(`${tag(frame.room, view)}* ${joined.join(', ')} joined`);
  if (frame.left.length > 0) {
    const words = frame.left.map((l) => `${l.nick} ${LEAVING[l.reason] ?? 'disconnected'}${l.text === undefined ? '' : ` (${l.text})`}`);
    lines.push(`${tag(frame.room, view)}* ${words.join(', ')}`);
  }
  return lines;
}
