/** [FLAG-RANGE] A yargs `coerce` for integer flags: anything outside `[min, max]` is refused with the rule. */
export function intIn(name: string, min: number, max: number) {
  return (value: unknown): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${String(value)}"`);
    return n;
  };
}
