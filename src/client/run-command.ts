import { helpText, parseInput, type LocalCommand } from '../commands.js';
import { foldNick } from '../nickname.js';
import type { ClientFrame } from '../protocol.js';
import type { ClientStep } from './client-effect.js';
import { oldestShownId } from './on-archive.js';
import { CLIENT_COMMANDS, parseClientCommand, type ClientCommand } from './client-commands.js';
import type { ClientState } from './client-state.js';
import { addSystem, stepTo } from './client-step.js';
import { createScrollback } from './scrollback.js';
import { sendMessage } from './send-message.js';

/** [TUI-KEYS] The keys `/help` explains. */
const KEYS_HELP = [
  'keys: PageUp/PageDown or the wheel scroll, End or Esc back to live, Up/Down history, Tab completes nicks and commands,',
  '      Ctrl-A/E start/end, Ctrl-W/U/K delete word/to start/to end, Ctrl-N/Ctrl-P next/previous room, Ctrl-C quits',
];

/** Runs a `/command` line through the shared parser ([COMMANDS]) and the client's own commands. */
export function runCommand(state: ClientState, line: string, at: number): ClientStep<ClientState> {
  const own = parseClientCommand(line);
  if (own !== undefined) return runClientCommand(state, own, at);
  const oldestId = oldestShownId(state, state.room);
  const parsed = parseInput(line, {
    room: state.room,
    ...(state.lastPrivate ? { lastPrivateFrom: state.lastPrivate } : {}),
    ...(oldestId === undefined ? {} : { oldestId }),
    ...(state.search ? { search: state.search } : {}),
  });
  switch (parsed.kind) {
    case 'frame':
      return runFrame(state, parsed.frame, at);
    case 'local':
      return runLocal(state, parsed.command, at);
    case 'error':
      return stepTo(addSystem(state, at, 'error', parsed.message));
    case 'empty':
      return stepTo(state);
  }
}

function runFrame(state: ClientState, frame: ClientFrame, at: number): ClientStep<ClientState> {
  switch (frame.type) {
    case 'say':
      return sendMessage(state, { room: frame.room ?? state.room, to: undefined, text: frame.text, action: frame.kind === 'action' }, at);
    case 'msg':
      return sendMessage(state, { room: undefined, to: frame.to, text: frame.text, action: frame.kind === 'action' }, at);
    case 'quit':
      return leave(state, at, frame);
    default:
      if (!state.registered || state.conn.status !== 'online') return stepTo(addSystem(state, at, 'error', 'not connected: try again once reconnected'));
      if (frame.type === 'names') return stepTo({ ...state, awaitingNames: [...state.awaitingNames, frame.room] }, { type: 'send', frame });
      // [HISTORY-PAGE] Older messages take their place above what is shown: say where to look.
      if (frame.type === 'history' && frame.before !== undefined) {
        return stepTo(addSystem(state, at, 'info', `up to ${frame.limit} earlier messages of ${frame.room} go above the oldest shown (PageUp)`, frame.room), { type: 'send', frame });
      }
      // [TUI-ROOMS] `/join` of a room already joined switches to it (the server only shows it again).
      if (frame.type === 'join' && state.rooms.has(frame.room)) {
        const rooms = new Map(state.rooms).set(frame.room, { ...state.rooms.get(frame.room)!, unread: 0, mentioned: false });
        return stepTo({ ...state, room: frame.room, rooms, scroll: 0 }, { type: 'send', frame });
      }
      return stepTo(state, { type: 'send', frame });
  }
}

/**
 * [TUI-QUIT] Says goodbye and waits (briefly) for the server to close; offline, exits at once.
 * With messages still queued (typed offline), the first attempt only warns ([TUI-OUTBOX]).
 */
export function leave(state: ClientState, at: number, frame: ClientFrame = { type: 'quit' }): ClientStep<ClientState> {
  const queued = state.outbox.filter((o) => o.status === 'queued').length;
  if (queued > 0 && !state.quitWarned) {
    const words = `${queued} message${queued === 1 ? ' is' : 's are'} not sent yet; /quit again (or Ctrl-C) to leave anyway`;
    return stepTo(addSystem({ ...state, quitWarned: true }, at, 'error', words));
  }
  if (!state.registered || state.conn.status !== 'online') return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 });
  return stepTo(
    { ...state, phase: 'leaving' },
    { type: 'send', frame },
    { type: 'schedule', event: { type: 'clock/leave-timeout' }, delayMs: 1500 },
  );
}

function runLocal(state: ClientState, command: LocalCommand, at: number): ClientStep<ClientState> {
  switch (command.type) {
    case 'help': {
      const own = command.topic === undefined ? CLIENT_COMMANDS.map((c) => `${c.usage.padEnd(22)}  ${c.summary}`) : [];
      const lines = [...helpText(command.topic), ...own, ...(command.topic === undefined ? KEYS_HELP : [])];
      return stepTo(lines.reduce((s, text) => addSystem(s, at, 'help', text), state));
    }
    case 'ignore': {
      const folded = foldNick(command.nick);
      const ignored = state.ignored.includes(folded) ? state.ignored : [...state.ignored, folded];
      return stepTo(addSystem({ ...state, ignored }, at, 'info', `ignoring ${command.nick} (on this client only)`));
    }
    case 'unignore': {
      const folded = foldNick(command.nick);
      return stepTo(addSystem({ ...state, ignored: state.ignored.filter((n) => n !== folded) }, at, 'info', `no longer ignoring ${command.nick}`));
    }
  }
}

function runClientCommand(state: ClientState, command: ClientCommand, at: number): ClientStep<ClientState> {
  switch (command.type) {
    case 'resend':
      return resend(state, at);
    case 'clear':
      return stepTo({ ...state, log: createScrollback(state.log.max), scroll: 0 });
    case 'list-ignored':
      return stepTo(addSystem(state, at, 'info', state.ignored.length === 0 ? 'nobody is ignored' : `ignored: ${state.ignored.join(' ')}`));
  }
}

/** Sends the unconfirmed messages again, as new messages, at the user's explicit request. */
function resend(state: ClientState, at: number): ClientStep<ClientState> {
  if (state.unconfirmed.length === 0) return stepTo(addSystem(state, at, 'info', 'nothing to resend'));
  const effects = [];
  let next: ClientState = { ...state, unconfirmed: [] };
  for (const item of state.unconfirmed) {
    const step = sendMessage(next, { room: item.room, to: item.to, text: item.text, action: item.action }, at);
    next = step.state;
    effects.push(...step.effects);
  }
  return stepTo(next, ...effects);
}
