/** Exhaustiveness check for switches over unions: compiling fails if a case is missing. */
export function assertNever(value: never): never {
  throw new TypeError(`unhandled case: ${JSON.stringify(value)}`);
}
