import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { judgeTargets, targetLines, targetTable, type BenchFigures } from "../../bench/targets.js";

const onTheLimits: BenchFigures = {
  throughputRatio: 0.6,
  p99Ms: 2,
  bareP99Ms: 0.7,
  rssMb: 90,
  sumRatio: 2,
  maxSizePeakPerSecond: 500,
  maxSizeGoodputPerSecond: 400,
  smallTotal: 60_000,
  smallAnsweredWithin2s: 60_000,
  shedP99Ms: 5,
  freshHealthMaxMs: 1_000,
  uploadsRssMb: 200,
};

describe("the bench's verdict on the performance targets", () => {
  it("meets every target with figures exactly on the limits", () => {
    expect(judgeTargets(onTheLimits).map((result) => result.met)).toEqual(Array(9).fill(true));
  });

  it("shows the machine's ceiling (bare node:http refusing every request) beside the small-request verdicts without judging by it", () => {
    const missed = { ...onTheLimits, smallAnsweredWithin2s: 50_000, shedP99Ms: 900, freshHealthMaxMs: Infinity };
    const results = judgeTargets({ ...missed, smallRefusing: { total: 60_000, answeredWithin2s: 52_000, shedP99Ms: 800, freshProbeMaxMs: 1_500 } });
    const small = results.find((result) => result.target.startsWith("small requests"))!;
    const shed = results.find((result) => result.target.startsWith("shed answers"))!;
    expect(small.measured).toContain("bare node:http refusing every request: 52000 of 60000");
    expect(shed.measured).toContain("bare node:http refusing every small request: 800.00 ms");
    const health = results.find((result) => result.target.startsWith("fresh-connection"))!;
    expect(health.measured).toBe("a probe failed; bare node:http refusing every request, under the small-request load: 1500 ms");
    expect(results.map((result) => result.met)).toEqual(judgeTargets(missed).map((result) => result.met));
  });

  it("misses each target on its own when its figure is past the limit", () => {
    const past: Partial<BenchFigures>[] = [
      { throughputRatio: 0.599 },
      { p99Ms: 2.01 },
      { rssMb: 90.5 },
      { sumRatio: 2.01 },
      { maxSizeGoodputPerSecond: 399 },
      { smallAnsweredWithin2s: 59_999 },
      { shedP99Ms: 5.01 },
      { freshHealthMaxMs: 1_001 },
      { uploadsRssMb: 200.5 },
    ];
    for (const [index, change] of past.entries()) {
      const met = judgeTargets({ ...onTheLimits, ...change }).map((result) => result.met);
      expect(met).toEqual(past.map((_, other) => other !== index));
    }
  });

  it("shows bare Node's p99 next to the service's, since the machine sets much of the tail", () => {
    const latency = judgeTargets({ ...onTheLimits, p99Ms: 3.456 })[1]!;
    expect(latency.measured).toBe("3.46 ms (bare node:http 0.70 ms)");
  });

  it("judges goodput under overload as a share of the peak, and names how many small requests were late", () => {
    const results = judgeTargets({ ...onTheLimits, maxSizeGoodputPerSecond: 450, smallAnsweredWithin2s: 59_990 });
    expect(results[4]!.measured).toBe("90% (450/s of 500/s)");
    expect(results[5]!.measured).toBe("59990 of 60000 (10 late or unanswered)");
  });

  it("misses the overload targets when a run never reached overload or a health probe failed", () => {
    const results = judgeTargets({ ...onTheLimits, shedP99Ms: NaN, freshHealthMaxMs: Infinity, smallTotal: 0, smallAnsweredWithin2s: 0 });
    expect(results.slice(5, 8)).toEqual([
      expect.objectContaining({ met: false }),
      { target: "shed answers (503) p99 <= 5 ms", measured: "no 503 answered", met: false },
      { target: "fresh-connection GET /health <= 1 s throughout overload", measured: "a probe failed", met: false },
    ]);
  });

  it("prints a missed target so that it stands out, in the terminal and in a job summary", () => {
    const results = judgeTargets({ ...onTheLimits, rssMb: 94 });
    expect(targetLines(results)).toContain("MISSED  RSS <= 90 MB after load: 94 MB");
    expect(targetTable(results).split("\n")).toContain("| RSS <= 90 MB after load | 94 MB | **missed** |");
    expect(targetTable(results).split("\n")).toContain("| throughput >= 0.60x bare node:http | 0.60x | met |");
  });

  it("judges exactly the targets docs/performance.md lists, in the same words and order", () => {
    const page = readFileSync(new URL("../../docs/performance.md", import.meta.url), "utf8");
    const targetsSection = /## Targets\n([\s\S]*?)\n## /.exec(page)?.[1] ?? "";
    const listed = [...targetsSection.matchAll(/^\| (?!Bench line|---)(.+?) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(judgeTargets(onTheLimits).map((result) => result.target));
  });
});
