import type { ClientStep } from './client-effect.js';
import type { ClientEvent, KeyName } from './client-event.js';
import { COMMAND_NAMES } from './client-commands.js';
import type { ClientState } from './client-state.js';
import { stepTo, unchanged } from './client-step.js';
import { complete } from './completion.js';
import { browseHistory } from './input-history.js';
import { editInput, type InputEdit } from './input-line.js';
import { layoutOf } from './layout.js';
import { onSubmit } from './on-submit.js';
import { leave } from './run-command.js';
import { selectMaxScroll } from './select-messages.js';

/** Rows one wheel notch scrolls. */
const WHEEL_ROWS = 3;

const EDITS: Partial<Record<KeyName, InputEdit['type']>> = {
  backspace: 'backspace', delete: 'delete', left: 'left', right: 'right', home: 'home', end: 'end',
  'word-left': 'word-left', 'word-right': 'word-right', 'kill-word-back': 'kill-word-back',
  'kill-to-start': 'kill-to-start', 'kill-to-end': 'kill-to-end',
};

type InputEvent = Extract<ClientEvent, { type: 'key/typed' | 'key/pressed' | 'mouse/wheel' }>;

/** [TUI-KEYS] Keys and the wheel: editing, history, scrolling, completion, rooms, leaving. */
export function onKey(state: ClientState, event: InputEvent): ClientStep<ClientState> {
  if (event.type === 'key/typed') return stepTo({ ...state, tab: undefined, input: editInput(state.input, { type: 'insert', text: event.text }) });
  if (event.type === 'mouse/wheel') return scrollBy(state, event.direction === 'up' ? WHEEL_ROWS : -WHEEL_ROWS);
  const key = event.key;
  const edit = EDITS[key];
  if (edit !== undefined) {
    const input = editInput(state.input, { type: edit } as InputEdit);
    const live = key === 'end' ? 0 : state.scroll;
    return input === state.input && live === state.scroll && state.tab === undefined ? unchanged(state) : stepTo({ ...state, input, tab: undefined, scroll: live });
  }
  const page = Math.max(1, layoutOf(state.size).messagesHeight - 1);
  switch (key) {
    case 'enter':
      return onSubmit({ ...state, tab: undefined }, event.at);
    case 'up': case 'down': {
      if (state.phase === 'prompt') return unchanged(state);
      const browsed = browseHistory(state.history, state.input, key);
      return stepTo({ ...state, ...browsed, tab: undefined });
    }
    case 'pageup':
      return scrollBy(state, page);
    case 'pagedown':
      return scrollBy(state, -page);
    case 'scroll-end': case 'escape':
      return state.scroll === 0 && state.tab === undefined ? unchanged(state) : stepTo({ ...state, scroll: 0, tab: undefined });
    case 'tab':
      return tab(state);
    case 'interrupt':
      return state.phase === 'prompt' ? stepTo({ ...state, phase: 'done' }, { type: 'exit', code: 0 }) : leave(state, event.at);
    case 'next-room': case 'previous-room':
      return switchRoom(state, key === 'next-room' ? 1 : -1);
    default:
      return unchanged(state);
  }
}

function scrollBy(state: ClientState, rows: number): ClientStep<ClientState> {
  const scroll = Math.max(0, Math.min(selectMaxScroll(state), state.scroll + rows));
  return scroll === state.scroll ? unchanged(state) : stepTo({ ...state, scroll });
}

function tab(state: ClientState): ClientStep<ClientState> {
  const members = state.rooms.get(state.room)?.members ?? [];
  const done = complete(state.input, state.tab, {
    commands: COMMAND_NAMES,
    nicks: members.filter((n) => n !== state.nick),
    rooms: [...state.rooms.keys()],
  });
  return done === undefined ? unchanged(state) : stepTo({ ...state, ...done });
}

/** Moves to the next or previous room the user is in; its unread count resets. */
function switchRoom(state: ClientState, direction: 1 | -1): ClientStep<ClientState> {
  const names = [...state.rooms.keys()];
  if (names.length < 2) return unchanged(state);
  const index = (names.indexOf(state.room) + direction + names.length) % names.length;
  const room = names[index]!;
  const view = state.rooms.get(room)!;
  return stepTo({ ...state, room, scroll: 0, rooms: new Map(state.rooms).set(room, { ...view, unread: 0, mentioned: false }) });
}
