import type { LeftFrame, ServerFrame } from './protocol.js';

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
    case 'room': {
      const topic = frame.topic === null ? [] : [`* topic of ${frame.room}: ${frame.topic}`];
      return [`* in ${frame.room}: ${frame.members.join(' ')}`, ...topic];
    }
    case 'topic':
      return [`${frame.topic === null ? `* ${frame.room} has no topic` : `* topic of ${frame.room}: ${frame.topic}${frame.by ? ` (set by ${frame.by})` : ''}`}${frame.locked ? ' [locked]' : ''}`];
    case 'rooms':
      return frame.rooms.map((r) => `* ${r.name} (${r.members})${r.topic === null ? '' : `: ${r.topic}`}`);
    case 'nick':
      return [`* ${frame.old} is now known as ${frame.nick}`];
    case 'whois': {
      const away = frame.away === null ? '' : `, away: ${frame.away}`;
      const since = new Date(frame.since).toISOString().replace(/\.\d+Z$/, 'Z');
      return [`* ${frame.nick}${frame.oper ? ' (operator)' : ''}: in ${frame.rooms.join(' ') || 'no room'}, connected since ${since}, idle ${Math.round(frame.idleMs / 1000)}s${away}`];
    }
    case 'info':
      return frame.text.split('\n').map((line) => `* ${line}`);
    case 'search': {
      // [PLAIN-SEARCH] a head line, one line a result (newest first), and whether more exist.
      const head = `* search "${frame.words}" in ${frame.room}: ${frame.results.length} result${frame.results.length === 1 ? '' : 's'}${frame.more ? ', more' : ''}`;
      return [head, ...frame.results.map((m) => `[search] ${new Date(m.ts).toISOString()} ${m.room} ${m.kind === 'action' ? `* ${m.from}` : `<${m.from}>`} ${m.text} (id ${m.id})`)];
    }
    default:
      return [];
  }
}
