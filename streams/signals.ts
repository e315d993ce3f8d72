import { Observable } from 'rxjs';

/** The process signals received, by name. Unsubscribing removes the handlers (and restores the default). */
export function signals$(names: readonly NodeJS.Signals[], target: NodeJS.Process = process): Observable<NodeJS.Signals> {
  return new Observable<NodeJS.Signals>((subscriber) => {
    const handler = (signal: NodeJS.Signals) => subscriber.next(signal);
    for (const name of names) target.on(name, handler);
    return () => {
      for (const name of names) target.removeListener(name, handler);
    };
  });
}
