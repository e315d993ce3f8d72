/** Nanoseconds per operation: the median round, and the best (least disturbed by other load). */
export interface Timing {
  readonly median: number;
  readonly best: number;
}

/**
 * A micro benchmark's clock: runs `round` (which performs `ops` operations) a few times after a
 * warm-up and times each. Bounded: the caller picks `ops`, and rounds stop early past `budgetMs`,
 * so a slow variant cannot hold the machine.
 */
export function nsPerOp(ops: number, round: () => void, rounds = 7, budgetMs = 5_000): Timing {
  round(); // warm-up: lets V8 optimise before anything is timed
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let r = 0; r < rounds && (r === 0 || performance.now() < deadline); r++) {
    const start = process.hrtime.bigint();
    round();
    samples.push(Number(process.hrtime.bigint() - start) / ops);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, best: samples[0]! };
}

/** A timing as `median (best)` in ns, three significant digits, for the printed tables. */
export function ns(t: Timing): string {
  const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));
  return `${fmt(t.median)} (${fmt(t.best)})`;
}
