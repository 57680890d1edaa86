import type { OpenLoopResult } from "./open-loop.js";
import { quantile } from "./paced.js";

/** What an open-loop run past the service's capacity showed, as the overload targets read it. */
export type OverloadFigures = {
  /** Requests sent in the run. */
  total: number;
  /** 200s answered within 1 s of their due time, per second of the run. */
  goodputPerSecond: number;
  /** Requests answered (200 or 503) within 2 s of their due time. */
  answeredWithin2s: number;
  /** 503s (admission control's answers) and their p99 latency in ms (NaN when none). */
  sheds: number;
  shedP99Ms: number;
  /** Answers other than 200 or 503, and requests with no answer at all. */
  otherAnswers: number;
  unanswered: number;
};

/** Reads one paced run of `seconds` at a rate past the service's capacity. */
export function overloadFigures(run: OpenLoopResult, seconds: number): OverloadFigures {
  const shedLatencies: number[] = [];
  let good = 0;
  let answeredWithin2s = 0;
  let otherAnswers = 0;
  let unanswered = 0;
  run.statuses.forEach((status, i) => {
    const latency = run.latencies[i]!;
    if (status === 200 && latency <= 1_000) good++;
    if ((status === 200 || status === 503) && latency <= 2_000) answeredWithin2s++;
    if (status === 503) shedLatencies.push(latency);
    else if (status === 0) unanswered++;
    else if (status !== 200) otherAnswers++;
  });
  return {
    total: run.statuses.length,
    goodputPerSecond: good / seconds,
    answeredWithin2s,
    sheds: shedLatencies.length,
    shedP99Ms: quantile(Float64Array.from(shedLatencies).sort(), 0.99),
    otherAnswers,
    unanswered,
  };
}
