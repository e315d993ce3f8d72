import { describeNickProblem, validateNick } from '../nickname.js';
import type { ClientStep } from './client-effect.js';
import type { ClientState } from './client-state.js';
import { addSystem, helloFor, stepTo } from './client-step.js';
import { rememberLine } from './input-history.js';
import { emptyInput, inputText } from './input-line.js';
import { runCommand } from './run-command.js';
import { sendMessage } from './send-message.js';

/** [TUI-SUBMIT] Enter: a nickname at the prompt, a command after `/`, otherwise a message. */
export function onSubmit(state: ClientState, at: number): ClientStep<ClientState> {
  const line = inputText(state.input);
  if (state.phase === 'prompt') return chooseNick(state, line.trim(), at);
  if (state.phase === 'leaving' || state.phase === 'done' || line.trim() === '') return stepTo(state);
  const cleared = { ...state, input: emptyInput, history: rememberLine(state.history, line), scroll: 0 };
  if (line.startsWith('/') && !line.startsWith('//')) return runCommand(cleared, line, at);
  const step = sendMessage(cleared, { room: state.room, to: undefined, text: line.startsWith('//') ? line.slice(1) : line, action: false }, at);
  // A refused text (too long) stays in the input line to be shortened.
  return step.state.outbox === cleared.outbox ? stepTo({ ...step.state, input: state.input }) : step;
}

function chooseNick(state: ClientState, nick: string, at: number): ClientStep<ClientState> {
  if (/^\/(quit|close|exit)\b/i.test(nick)) return stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 });
  const valid = validateNick(nick);
  if (!valid.ok) return stepTo(addSystem({ ...state, input: emptyInput }, at, 'error', `${describeNickProblem(valid.error)}: choose another nickname`));
  const next: ClientState = { ...state, nick, phase: 'registering', input: emptyInput };
  return state.conn.status === 'online'
    ? stepTo(next, helloFor(next, nick))
    : stepTo(next);
}
