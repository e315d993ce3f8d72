/** The page's fixed elements, built once (no inline script or style: [WEB-CSP]). */
export function buildShell(root: HTMLElement) {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Node[]): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  };
  const status = el('span', { className: 'status' });
  const topic = el('h1', { className: 'topic' });
  const menu = el('button', { type: 'button', className: 'menu', textContent: '☰', title: 'Rooms and members' });
  menu.setAttribute('aria-label', 'Rooms and members');
  const banner = el('div', { className: 'banner', hidden: true });
  banner.setAttribute('role', 'status');
  const rooms = el('ul', { className: 'rooms' });
  const members = el('ul', { className: 'members' });
  const searchInput = el('input', { type: 'search', placeholder: 'Search this room', name: 'search' });
  searchInput.setAttribute('aria-label', 'Search this room');
  const search = el('form', { className: 'search' }, searchInput);
  const list = el('ol', { className: 'log' });
  const scroller = el('section', { className: 'scroller' }, list);
  scroller.setAttribute('role', 'log');
  scroller.setAttribute('aria-label', 'Messages');
  scroller.tabIndex = 0;
  const input = el('input', { type: 'text', name: 'line', autocomplete: 'off', spellcheck: true, maxLength: 4000 });
  input.setAttribute('aria-label', 'Message or command');
  input.setAttribute('enterkeyhint', 'send');
  const send = el('button', { type: 'submit', textContent: 'Send' });
  const form = el('form', { className: 'compose' }, input, send);
  const side = el('nav', { className: 'side' }, el('h2', { textContent: 'Rooms' }), rooms, search, el('h2', { textContent: 'Members' }), members);
  side.setAttribute('aria-label', 'Rooms and members');
  const top = el('header', { className: 'top' }, menu, topic, status);
  root.replaceChildren(top, banner, el('div', { className: 'body' }, side, el('div', { className: 'main' }, scroller, form)));
  menu.addEventListener('click', () => document.body.classList.toggle('side-open'));
  return { status, topic, banner, rooms, members, search, searchInput, list, scroller, input, form, el };
}

export type Shell = ReturnType<typeof buildShell>;
