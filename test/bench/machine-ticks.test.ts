import { describe, expect, it } from "vitest";
import { parseMachineTicks, stealPercent } from "../../bench/processes.js";

// The first lines of a real /proc/stat, trimmed: user nice system idle iowait irq softirq steal guest guest_nice.
const before = "cpu  1000 10 300 8000 50 0 40 100 0 0\ncpu0 500 5 150 4000 25 0 20 50 0 0\nintr 12345\n";
const after = "cpu  1600 10 500 8100 50 0 40 300 0 0\ncpu0 800 5 250 4050 25 0 20 150 0 0\nintr 23456\n";

describe("the bench's reading of machine CPU time", () => {
  it("takes the machine-wide line, not a single CPU's, and counts guest time once", () => {
    expect(parseMachineTicks(before)).toEqual({ total: 9500, steal: 100 });
  });

  it("gives steal as a share of all CPU time between two readings", () => {
    // 200 of the 1,100 ticks that passed went to other guests.
    expect(stealPercent(parseMachineTicks(before), parseMachineTicks(after))).toBeCloseTo(18.18, 2);
  });

  it("reports no steal when no time has passed, rather than dividing by zero", () => {
    const ticks = parseMachineTicks(before);
    expect(stealPercent(ticks, ticks)).toBe(0);
  });

  it("says so when the text is not a /proc/stat", () => {
    expect(() => parseMachineTicks("MemTotal: 1 kB\n")).toThrow("/proc/stat has no cpu line");
  });
});
