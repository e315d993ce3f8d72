/** A value or a reason, for decoders that must never throw on peer input. */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a success. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** Wraps a failure. */
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
