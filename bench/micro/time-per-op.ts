/**
 * A micro benchmark's clock: runs `round` (which performs `ops` operations) a few times after a
 * warm-up and gives the median nanoseconds per operation. Bounded: the caller picks `ops`, and
 * rounds stop early past `budgetMs`, so a slow variant cannot hold the machine.
 */
export function nsPerOp(ops: number, round: () => void, rounds = 5, budgetMs = 5_000): number {
  round(); // warm-up: lets V8 optimise before anything is timed
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let r = 0; r < rounds && (r === 0 || performance.now() < deadline); r++) {
    const start = process.hrtime.bigint();
    round();
    samples.push(Number(process.hrtime.bigint() - start) / ops);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** A figure in ns with three significant digits, for the printed tables. */
export const ns = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));
