import { foldNick } from '../nickname.js';
import type { ClientStep } from './client-effect.js';
import { CLIENT_COMMANDS, parseClientCommand, type ClientCommand } from './client-commands.js';
import type { ClientState } from './client-state.js';
import { addSystem, stepTo } from './client-step.js';
import { sendMessage } from './send-message.js';
import { createScrollback } from './scrollback.js';
import { parseServerCommand, SERVER_COMMANDS } from './server-commands.js';

/** [TUI-KEYS] The keys `/help` explains. */
const KEYS_HELP = 'keys: PageUp/PageDown or wheel scroll, End back to live, Up/Down history, Tab completes, Ctrl-N/Ctrl-P switch room, Ctrl-C quits';

/** Runs a `/command` line: client-side ones here, server ones become frames or messages. */
export function runCommand(state: ClientState, line: string, at: number): ClientStep<ClientState> {
  const local = parseClientCommand(line);
  if (local !== undefined) return local.ok ? runClientCommand(state, local.value, at) : stepTo(addSystem(state, at, 'error', local.error));
  const parsed = parseServerCommand(line, state.room);
  if (parsed === undefined) return stepTo(addSystem(state, at, 'error', `unknown command ${line.split(/\s/)[0]}; /help lists commands`));
  if (!parsed.ok) return stepTo(addSystem(state, at, 'error', parsed.error));
  const command = parsed.value;
  switch (command.type) {
    case 'say':
      return sendMessage(state, { room: state.room, to: undefined, text: command.text, action: command.action }, at);
    case 'msg':
      return sendMessage(state, { room: undefined, to: command.to, text: command.text, action: command.action }, at);
    case 'reply':
      return state.lastPrivate === undefined
        ? stepTo(addSystem(state, at, 'error', 'nobody has written to you privately yet'))
        : sendMessage(state, { room: undefined, to: state.lastPrivate, text: command.text, action: false }, at);
    case 'frame':
      return state.registered ? stepTo(state, { type: 'send', frame: command.frame }) : stepTo(addSystem(state, at, 'error', 'not connected; try again once reconnected'));
  }
}

function runClientCommand(state: ClientState, command: ClientCommand, at: number): ClientStep<ClientState> {
  switch (command.type) {
    case 'help': {
      const lines = [...CLIENT_COMMANDS, ...SERVER_COMMANDS].map((c) => `${c.usage.padEnd(24)} ${c.summary}`);
      return stepTo([...lines, KEYS_HELP].reduce((s, text) => addSystem(s, at, 'help', text), state));
    }
    case 'quit':
      if (!state.registered || state.conn.status !== 'online') return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 });
      return stepTo(
        { ...state, phase: 'leaving' },
        { type: 'send', frame: { type: 'quit', ...(command.reason ? { reason: command.reason } : {}) } },
        { type: 'schedule', event: { type: 'clock/leave-timeout' }, delayMs: 1500 },
      );
    case 'ignore': {
      if (command.nick === undefined) {
        return stepTo(addSystem(state, at, 'info', state.ignored.length === 0 ? 'nobody is ignored' : `ignored: ${state.ignored.join(' ')}`));
      }
      const folded = foldNick(command.nick);
      const ignored = state.ignored.includes(folded) ? state.ignored : [...state.ignored, folded];
      return stepTo(addSystem({ ...state, ignored }, at, 'info', `ignoring ${command.nick} (on this client only)`));
    }
    case 'unignore': {
      const folded = foldNick(command.nick);
      return stepTo(addSystem({ ...state, ignored: state.ignored.filter((n) => n !== folded) }, at, 'info', `no longer ignoring ${command.nick}`));
    }
    case 'resend':
      return resend(state, at);
    case 'clear':
      return stepTo({ ...state, log: createScrollback(state.log.max), scroll: 0 });
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
