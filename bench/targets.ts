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
  /** Maximum-size requests (10,000 numbers): 200s per second at peak, and answered within 1 s at twice that offered. */
  maxSizePeakPerSecond: number;
  maxSizeGoodputPerSecond: number;
  /** Small requests at twice their peak offered: how many were sent, and answered (200 or 503) within 2 s. */
  smallTotal: number;
  smallAnsweredWithin2s: number;
  /** The same small-request load against bare node:http answering every request 503 at once: the machine's ceiling, shown beside the verdicts. */
  smallRefusing?: { total: number; answeredWithin2s: number; shedP99Ms: number; freshProbeMaxMs: number };
  /** p99 latency of the 503s, the worse of the two overload runs (NaN: no 503 at all). */
  shedP99Ms: number;
  /** The slowest GET /health on a fresh connection during the overload runs (Infinity: one failed). */
  freshHealthMaxMs: number;
  /** The service's peak resident memory while 1,000 maximum-size uploads were in flight. */
  uploadsRssMb: number;
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
    ...judgeOverload(figures),
  ];
}

function judgeOverload(figures: BenchFigures): TargetResult[] {
  const goodputShare = figures.maxSizeGoodputPerSecond / figures.maxSizePeakPerSecond;
  const late = figures.smallTotal - figures.smallAnsweredWithin2s;
  const ceiling = figures.smallRefusing;
  const refusingAnswered = ceiling ? `; bare node:http refusing every request: ${ceiling.answeredWithin2s} of ${ceiling.total}` : "";
  const refusingP99 = ceiling ? `; bare node:http refusing every small request: ${ceiling.shedP99Ms.toFixed(2)} ms` : "";
  const refusingProbe = ceiling ? `; bare node:http refusing every request, under the small-request load: ${ceiling.freshProbeMaxMs === Infinity ? "a probe failed" : `${ceiling.freshProbeMaxMs.toFixed(0)} ms`}` : "";
  return [
    {
      target: "goodput at 2x overload >= 80% of peak, maximum-size requests",
      measured: `${(goodputShare * 100).toFixed(0)}% (${figures.maxSizeGoodputPerSecond.toFixed(0)}/s of ${figures.maxSizePeakPerSecond.toFixed(0)}/s)`,
      met: goodputShare >= 0.8,
    },
    {
      target: "small requests at 2x overload all answered (200 or 503) within 2 s",
      measured: `${figures.smallAnsweredWithin2s} of ${figures.smallTotal}${late > 0 ? ` (${late} late or unanswered)` : ""}${refusingAnswered}`,
      met: figures.smallTotal > 0 && late === 0,
    },
    // No 503 at all means the run never reached overload: nothing was measured, so nothing is met.
    {
      target: "shed answers (503) p99 <= 5 ms",
      measured: Number.isNaN(figures.shedP99Ms) ? "no 503 answered" : `${figures.shedP99Ms.toFixed(2)} ms${refusingP99}`,
      met: figures.shedP99Ms <= 5,
    },
    {
      target: "fresh-connection GET /health <= 1 s throughout overload",
      measured: `${Number.isFinite(figures.freshHealthMaxMs) ? `${figures.freshHealthMaxMs.toFixed(0)} ms at worst` : "a probe failed"}${refusingProbe}`,
      met: figures.freshHealthMaxMs <= 1_000,
    },
    { target: "RSS <= 200 MB with 1,000 concurrent maximum-size uploads", measured: `${figures.uploadsRssMb.toFixed(0)} MB`, met: figures.uploadsRssMb <= 200 },
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
