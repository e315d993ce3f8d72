import type { ClientEffect } from '../src/client/client-effect.js';
import type { ClientEvent, KeyName, UnstampedEvent } from '../src/client/client-event.js';
import { reduceClient } from '../src/client/client-reducer.js';
import { initialClientState, type ClientState } from '../src/client/client-state.js';
import { inputText } from '../src/client/input-line.js';
import type { ServerFrame } from '../src/protocol.js';
import { createConnection } from './connection.js';
import { buildShell } from './dom.js';
import { createHistoryPager } from './history-pager.js';
import { createMemberMarks } from './member-marks.js';
import { notifyNew, titleFor } from './notify.js';
import { createLogView } from './render-log.js';
import { renderSide } from './render-side.js';
import { resendUnconfirmed } from './resend.js';
import { createResumeContext } from './resume-context.js';
import { createRoomReturn } from './resume-room.js';
import { seenAfter, withSeen } from './resume-seen.js';
import { createSessionKeeper, loadSession } from './session-store.js';
import { showRoom, type View } from './view.js';

/**
 * [WEB] The page: the terminal client's pure reducer (src/client/) folded over the WebSocket's
 * frames and the page's keys; its effects carried out here; the state drawn into the DOM.
 */
const shell = buildShell(document.getElementById('app')!);
const logView = createLogView(shell.list);
// [WEB-SESSION] After a reload this tab says hello with its nickname and resume secret at once.
const saved = loadSession();
let state: ClientState = {
  ...initialClientState({ server: location.host, bell: false, maxScrollback: 5_000 }, saved?.nick, { cols: 120, rows: 40 }),
  ...(saved ? { resume: saved.resume } : {}),
};
let view: View = { kind: 'room', room: state.room };
/** [WEB-SEEN] The newest message id drawn, across the rooms, kept with the session. */
let seen = saved?.seen ?? 0;
const keeper = createSessionKeeper(saved);
/** [WEB-ROOM] After a resume, the page comes back to the room it showed. */
const roomReturn = createRoomReturn(saved?.room);
const persist = () => keeper.keep(state.nick, state.resume, seen, roomReturn.remembered(state.room));
let hiddenUnread = 0;
let rendering = false;
const connection = createConnection(dispatch);
const pager = createHistoryPager((frame) => connection.send(frame));
/** [WEB-CONTEXT] After a reload, each room shown asks once for what the page drew before. */
const context = createResumeContext(seen, (frame) => connection.send(frame));
/** [WEB-MARKS] Away and operator marks from the room pages ([NAMES-MARKS]), `away` frames and the page's own paced `whois` questions. */
const memberMarks = createMemberMarks((frame) => connection.send(frame), () => state.registered && state.conn.status === 'online');

function dispatch(event: UnstampedEvent): void {
  if (event.type === 'conn/frame-received') {
    if (noteFrame(event.frame)) return;
    // The answer to a question of the page's own changes the marks, not the log.
    if (memberMarks.onFrame(event.frame)) return scheduleRender();
  }
  const before = state;
  const step = reduceClient(state, { ...event, at: Date.now() } as ClientEvent);
  state = step.state;
  step.effects.forEach(run);
  if (state === before) return;
  const back = roomReturn.settle(state.rooms, state.room);
  if (back !== state.room) state = showRoom(state, back);
  if (state.room !== before.room) view = { kind: 'room', room: state.room };
  if (state.resume !== before.resume) persist();
  if (state.registered && !before.registered) memberMarks.resume();
  askContext();
  hiddenUnread += notifyNew(before, state);
  // [WEB-RESUME] Back after a drop: what the old connection took unacknowledged is sent again, same refs.
  if (state.registered && !before.registered && state.unconfirmed.length > 0) {
    const resent = resendUnconfirmed(state);
    state = resent.state;
    resent.effects.forEach(run);
  }
  scheduleRender();
}

function run(effect: ClientEffect): void {
  switch (effect.type) {
    case 'send':
      connection.send(withSeen(effect.frame, seen));
      // The user's own status changed: their mark follows.
      if ((effect.frame.type === 'away' || effect.frame.type === 'oper') && state.nick !== undefined) memberMarks.want(state.nick);
      return;
    case 'schedule': return void setTimeout(() => dispatch(effect.event), effect.delayMs);
    case 'drop': return connection.drop();
    case 'exit':
      keeper.forget();
      connection.stop();
      shell.banner.hidden = false;
      shell.banner.textContent = effect.message ?? 'You left the chat. Reload the page to come back.';
      return;
    case 'bell': return;
  }
}

/** Notes what a frame tells the page itself; true for the answer to its own question, not shown. */
function noteFrame(frame: ServerFrame): boolean {
  seen = seenAfter(seen, frame);
  roomReturn.onFrame(frame, state.room);
  pager.onFrame(frame);
  return context.onFrame(frame);
}

function askContext(): void {
  if (state.registered && view.kind === 'room' && state.rooms.has(view.room)) context.ask(state.log.entries, view.room);
}

/** The DOM input's text into the reducer's input line (unless it already holds it: a Tab cycle goes on). */
function syncInput(): void {
  const text = shell.input.value;
  if (text === inputText(state.input)) return;
  const chars = [...new Intl.Segmenter().segment(text)].map((s) => s.segment);
  state = { ...state, input: { chars, cursor: chars.length }, tab: undefined };
}

function press(key: KeyName): void {
  roomReturn.release();
  syncInput();
  dispatch({ type: 'key/pressed', key });
  shell.input.value = inputText(state.input);
}

function submit(line: string): void {
  shell.input.value = line;
  press('enter');
}

shell.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if ('Notification' in window && Notification.permission === 'default' && state.phase === 'chatting') void Notification.requestPermission();
  const line = shell.input.value;
  // In a private tab a plain line is a private message to that person.
  if (view.kind === 'private' && line.trim() !== '' && !line.startsWith('/')) submit(`/msg ${view.nick} ${line}`);
  else press('enter');
});
shell.input.addEventListener('keydown', (event) => {
  const keys: Record<string, KeyName> = { Tab: 'tab', ArrowUp: 'up', ArrowDown: 'down' };
  const key = keys[event.key];
  if (key === undefined || event.shiftKey || event.altKey || event.ctrlKey) return;
  event.preventDefault();
  press(key);
});
shell.search.addEventListener('submit', (event) => {
  event.preventDefault();
  const words = shell.searchInput.value.trim();
  if (words !== '' && view.kind === 'room') connection.send({ type: 'search', room: view.room, words });
});
shell.scroller.addEventListener('scroll', () => {
  if (shell.scroller.scrollTop <= 80 && view.kind === 'room' && state.registered) pager.onTop(view.room);
});
window.addEventListener('pagehide', persist);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) hiddenUnread = 0;
  scheduleRender();
});

/** [WEB-VIEW] A room or private tab chosen in the sidebar. */
function choose(next: View): void {
  view = next;
  roomReturn.release();
  if (next.kind === 'room') state = showRoom(state, next.room);
  document.body.classList.remove('side-open');
  askContext();
  scheduleRender();
  shell.input.focus();
}

function scheduleRender(): void {
  if (rendering) return;
  rendering = true;
  requestAnimationFrame(() => {
    rendering = false;
    render();
  });
}

function render(): void {
  persist();
  renderSide(shell, state, view, memberMarks.marks, choose, (nick) => {
    shell.input.value = `/msg ${nick} `;
    shell.input.focus();
  });
  const prompt = state.phase === 'prompt';
  shell.input.placeholder = prompt ? 'Choose a nickname (3 to 10 letters, digits, _ or -)' : view.kind === 'private' ? `Message ${view.nick}` : `Message ${state.room} (or /help)`;
  shell.input.setAttribute('aria-label', prompt ? 'Nickname' : 'Message or command');
  const offline = state.conn.status !== 'online' && state.phase !== 'done';
  if (state.phase !== 'done') {
    shell.banner.hidden = !offline;
    shell.banner.textContent = state.conn.status === 'connecting' ? 'Connecting…'
      : `Offline${state.conn.cause ? ` (${state.conn.cause})` : ''}: reconnecting${state.conn.retryInMs ? ` in ${Math.ceil(state.conn.retryInMs / 1000)} s` : ''}…`;
  }
  document.body.classList.toggle('offline', offline);
  document.title = titleFor(state, hiddenUnread);
  logView.update(state.log.entries, view);
}

setInterval(() => dispatch({ type: 'clock/ping-due' }), 10_000);
connection.open();
render();
shell.input.focus();
