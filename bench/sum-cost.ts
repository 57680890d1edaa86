import { fsum } from "../app/lib/sum/fsum.js";

const naive = (values: readonly number[]) => {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
};

function microseconds(fn: (values: readonly number[]) => number, values: readonly number[], rounds: number) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) sink += fn(values);
  const elapsed = Number(process.hrtime.bigint() - start) / 1000 / rounds;
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop from being optimised away");
  return elapsed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Cost of the correctly rounded sum against a naive loop over 10,000 numbers as they arrive from
 * JSON (two decimals, mixed signs), alternating the two. The ratio is the median of each trial's
 * own ratio: a trial's two timings sit side by side, so a slow moment of the machine hits both.
 */
export function measureSumCost(count = 10_000, trials = 15, rounds = 400) {
  const values = JSON.parse(JSON.stringify(Array.from({ length: count }, () => Math.round((Math.random() - 0.5) * 2e8) / 100))) as number[];
  // Warm both up first, so neither is timed while still being compiled.
  microseconds(naive, values, rounds);
  microseconds(fsum, values, rounds);
  const naiveTimes: number[] = [];
  const fsumTimes: number[] = [];
  for (let t = 0; t < trials; t++) {
    naiveTimes.push(microseconds(naive, values, rounds));
    fsumTimes.push(microseconds(fsum, values, rounds));
  }
  const ratio = median(fsumTimes.map((fsumTime, t) => fsumTime / naiveTimes[t]!));
  return { count, naiveUs: median(naiveTimes), fsumUs: median(fsumTimes), ratio };
}
