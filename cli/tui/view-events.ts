import { Observable } from 'rxjs';
import type { Widgets } from 'blessed';
import type { UnstampedEvent } from '../../src/client/client-event.js';
import { mapKey, type BlessedKey } from './key-map.js';

/**
 * [TUI-VIEW] What the user does to the screen, as client events: keys (through `mapKey`),
 * the mouse wheel and terminal resizes. No chat logic here: the reducer decides what they mean.
 * Never completes; unsubscribing removes the listeners.
 */
export function viewEvents$(screen: Widgets.Screen): Observable<UnstampedEvent> {
  return new Observable<UnstampedEvent>((subscriber) => {
    let pending = '';
    const onKey = (ch: string | undefined, key: BlessedKey | undefined) => {
      const mapped = mapKey(ch, key, pending);
      pending = mapped.pending;
      if (mapped.event) subscriber.next(mapped.event);
    };
    const onWheelUp = () => subscriber.next({ type: 'mouse/wheel', direction: 'up' });
    const onWheelDown = () => subscriber.next({ type: 'mouse/wheel', direction: 'down' });
    const onResize = () => subscriber.next({ type: 'term/resized', cols: Number(screen.width), rows: Number(screen.height) });
    screen.on('keypress', onKey);
    screen.on('wheelup', onWheelUp);
    screen.on('wheeldown', onWheelDown);
    screen.on('resize', onResize);
    return () => {
      screen.removeListener('keypress', onKey);
      screen.removeListener('wheelup', onWheelUp);
      screen.removeListener('wheeldown', onWheelDown);
      screen.removeListener('resize', onResize);
    };
  });
}
