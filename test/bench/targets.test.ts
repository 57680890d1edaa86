import { describe, expect, it } from "vitest";
import { judgeTargets, targetLines, targetTable, type BenchFigures } from "../../bench/targets.js";

const onTheLimits: BenchFigures = { throughputRatio: 0.6, p99Ms: 2, bareP99Ms: 0.7, rssMb: 90, sumRatio: 2 };

describe("the bench's verdict on the performance targets", () => {
  it("meets every target with figures exactly on the limits", () => {
    expect(judgeTargets(onTheLimits).map((result) => result.met)).toEqual([true, true, true, true]);
  });

  it("misses each target on its own when its figure is past the limit", () => {
    const past: Partial<BenchFigures>[] = [{ throughputRatio: 0.599 }, { p99Ms: 2.01 }, { rssMb: 90.5 }, { sumRatio: 2.01 }];
    for (const [index, change] of past.entries()) {
      const met = judgeTargets({ ...onTheLimits, ...change }).map((result) => result.met);
      expect(met).toEqual([0, 1, 2, 3].map((other) => other !== index));
    }
  });

  it("shows bare Node's p99 next to the service's, since the machine sets much of the tail", () => {
    const latency = judgeTargets({ ...onTheLimits, p99Ms: 3.456 })[1]!;
    expect(latency.measured).toBe("3.46 ms (bare node:http 0.70 ms)");
  });

  it("prints a missed target so that it stands out, in the terminal and in a job summary", () => {
    const results = judgeTargets({ ...onTheLimits, rssMb: 94 });
    expect(targetLines(results)).toContain("MISSED  RSS <= 90 MB after load: 94 MB");
    expect(targetTable(results).split("\n")).toContain("| RSS <= 90 MB after load | 94 MB | **missed** |");
    expect(targetTable(results).split("\n")).toContain("| throughput >= 0.60x bare node:http | 0.60x | met |");
  });
});
