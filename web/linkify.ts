/**
 * [WEB-TEXT] A message's text as DOM nodes: plain text nodes, and `http(s)://` links as anchors
 * that open apart (`rel=noopener noreferrer`). Nothing in a message is ever parsed as HTML: every
 * piece goes in through `textContent` / `createTextNode`.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

export function linkify(text: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push(document.createTextNode(text.slice(last, at)));
    const a = document.createElement('a');
    a.href = match[0];
    a.textContent = match[0];
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    nodes.push(a);
    last = at + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
