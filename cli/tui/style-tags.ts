import type { Row, Span, Style } from '../../src/client/format-entry.js';

type Tags = readonly [string, string];

const tag = (name: string): Tags => [`{${name}}`, `{/${name}}`];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text made inert for blessed: tag braces escaped and control characters shown as U+FFFD, so a
 * peer (or a hostile server) can inject neither markup nor escape sequences ([TEXT-HYGIENE]).
 */
export function escapeTags(text: string): string {
  return text.replace(CONTROL, '\uFFFD').replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}

/** Turns styled spans into blessed's tagged text. */
export interface Palette {
  /** Tags around quiet text (times, borders): grey, or the default colour on 8-colour terminals. */
  readonly quiet: Tags;
  span(span: Span): string;
  row(row: Row): string;
}

/**
 * [TUI-STYLE] The one place colours are chosen, for a terminal with `colors` colours. Grey needs
 * 16 colours: on 8-colour terminals (tmux's default `screen`) blessed would turn it into black,
 * invisible on a dark background, so quiet text keeps the default colour there.
 */
export function createPalette(colors: number): Palette {
  const quiet: Tags = colors >= 16 ? tag('gray-fg') : ['', ''];
  const tags: Readonly<Record<Style, Tags>> = {
    // Replayed history differs from live lines by an underlined time ([TUI-HISTORY-REPLAY]).
    text: ['', ''], time: quiet, pending: quiet, history: [`${quiet[0]}{underline}`, `{/underline}${quiet[1]}`], leave: quiet,
    failed: tag('red-fg'), error: tag('red-fg'), mention: ['{bold}{yellow-fg}', '{/yellow-fg}{/bold}'],
    action: tag('magenta-fg'), private: tag('light-magenta-fg'), info: tag('cyan-fg'), help: tag('cyan-fg'),
    join: tag('green-fg'), topic: tag('yellow-fg'),
    'nick:red': tag('red-fg'), 'nick:green': tag('green-fg'), 'nick:yellow': tag('yellow-fg'),
    'nick:blue': tag('blue-fg'), 'nick:magenta': tag('magenta-fg'), 'nick:cyan': tag('cyan-fg'),
    'nick:light-red': tag('light-red-fg'), 'nick:light-green': tag('light-green-fg'),
    'nick:light-blue': tag('light-blue-fg'), 'nick:light-magenta': tag('light-magenta-fg'),
    'nick:light-cyan': tag('light-cyan-fg'),
  };
  const span = (s: Span): string => {
    if (s.text === '') return '';
    const [open, close] = tags[s.style];
    return `${open}${escapeTags(s.text)}${close}`;
  };
  return { quiet, span, row: (row) => row.map(span).join('') };
}
