import { describe, expect, it } from "vitest";
import { overloadFigures } from "../../bench/overload-figures.js";
import type { OpenLoopResult } from "../../bench/open-loop.js";

/** A paced run from [status, latency in ms] pairs. */
const run = (answers: [number, number][]): OpenLoopResult => ({
  statuses: Uint16Array.from(answers.map(([status]) => status)),
  latencies: Float64Array.from(answers.map(([, latency]) => latency)),
  errors: answers.filter(([status]) => status !== 200).length,
  maxSendLagMs: 0,
});

describe("the reading of an overload run", () => {
  it("counts as goodput only 200s answered within 1 s, per second of the run", () => {
    const figures = overloadFigures(run([[200, 3], [200, 1_000], [200, 1_000.5], [503, 2], [200, 40]]), 2);
    expect(figures.goodputPerSecond).toBe(1.5);
  });

  it("counts 200s and 503s within 2 s as answered, and nothing else", () => {
    const figures = overloadFigures(run([[200, 1_500], [503, 2_000], [503, 2_001], [0, 5_000], [500, 3], [200, 10]]), 1);
    expect(figures).toMatchObject({ total: 6, answeredWithin2s: 3, sheds: 2, unanswered: 1, otherAnswers: 1 });
  });

  it("takes the p99 over the 503s only, and reports none when nothing was shed", () => {
    const sheds: [number, number][] = Array.from({ length: 100 }, (_, i) => [503, i + 1]);
    expect(overloadFigures(run([...sheds, [200, 900]]), 1).shedP99Ms).toBe(100);
    expect(overloadFigures(run([[200, 1]]), 1).shedP99Ms).toBeNaN();
  });
});
