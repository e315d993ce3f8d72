const strict = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes`, or `undefined` when they are not valid UTF-8. Never throws. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}
