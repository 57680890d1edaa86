/** The figures of one bench run that the service's performance targets are judged on. */
export type BenchFigures = {
  /** Service req/s over bare node:http req/s, mean of the throughput rounds. */
  throughputRatio: number;
  /** Pooled p99 in ms at a constant 2,000 req/s, the service's and bare Node's in the same run. */
  p99Ms: number;
  bareP99Ms: number;
  /** The service's resident memory after all of the bench's load. */
  rssMb: number;
  /** The correctly rounded sum's cost over a naive loop's, at 10,000 numbers. */
  sumRatio: number;
};

export type TargetResult = { target: string; measured: string; met: boolean };

/** Each target of the service's issue against what this run measured; a figure on the limit meets it. */
export function judgeTargets(figures: BenchFigures): TargetResult[] {
  return [
    { target: "throughput >= 0.60x bare node:http", measured: `${figures.throughputRatio.toFixed(2)}x`, met: figures.throughputRatio >= 0.6 },
    // Bare Node's p99 is beside it because on a shared machine the machine's own stalls set most of the tail.
    { target: "p99 <= 2 ms at 2,000 req/s", measured: `${figures.p99Ms.toFixed(2)} ms (bare node:http ${figures.bareP99Ms.toFixed(2)} ms)`, met: figures.p99Ms <= 2 },
    { target: "RSS <= 90 MB after load", measured: `${figures.rssMb.toFixed(0)} MB`, met: figures.rssMb <= 90 },
    { target: "correctly rounded sum <= 2x a naive loop", measured: `${figures.sumRatio.toFixed(2)}x`, met: figures.sumRatio <= 2 },
  ];
}

/** One line per target, for the terminal. */
export function targetLines(results: readonly TargetResult[]): string[] {
  return results.map(({ target, measured, met }) => `${met ? "met   " : "MISSED"}  ${target}: ${measured}`);
}

/** A Markdown table of the targets, for a CI job summary. */
export function targetTable(results: readonly TargetResult[]): string {
  const rows = results.map(({ target, measured, met }) => `| ${target} | ${measured} | ${met ? "met" : "**missed**"} |`);
  return ["| Target | Measured | |", "| --- | --- | --- |", ...rows].join("\n");
}
