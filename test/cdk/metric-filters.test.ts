import { beforeAll, describe, expect, it } from "vitest";
import { serviceLogLines } from "../docs/support/service-log-lines.js";
import { matchesFilterPattern } from "./support/metric-filter-pattern.js";
import { synthPlatform } from "./support/synth-platform.js";

type Json = Record<string, unknown>;
const filters = Object.fromEntries(
  (Object.values(synthPlatform("dev").templates.observability.findResources("AWS::Logs::MetricFilter")) as {
    Properties: { FilterPattern: string; MetricTransformations: { MetricName: string }[] };
  }[]).map((r) => [r.Properties.MetricTransformations[0]!.MetricName, r.Properties.FilterPattern]),
);

let lines: Json[];
beforeAll(async () => {
  lines = (await serviceLogLines()).flatMap((line) => (line.json ? [line.json] : []));
});
const counted = (metric: string) => lines.filter((line) => matchesFilterPattern(filters[metric]!, line));

describe("metric filters over the lines the service really writes", () => {
  it("ApplicationErrors counts error lines without an event, such as an unexpected exception", () => {
    const unexpected = lines.filter((l) => (l.level as number) >= 50 && l.event === undefined);
    expect(unexpected.length).toBeGreaterThan(0);
    for (const line of unexpected) expect(counted("ApplicationErrors")).toContain(line);
  });

  it("ApplicationErrors leaves out failed secret refreshes, which page through their own alarms", () => {
    const refreshFailures = counted("SecretRefreshFailures");
    expect(refreshFailures.length).toBeGreaterThan(0);
    expect(refreshFailures.every((l) => (l.level as number) >= 50)).toBe(true);
    expect(counted("ApplicationErrors").filter((l) => refreshFailures.includes(l))).toEqual([]);
    expect(counted("ApplicationErrors").every((l) => (l.level as number) >= 50)).toBe(true);
  });

  it("the secret alarms still see the failed refresh, and only the not-loaded one in SecretNotLoaded", () => {
    expect(counted("SecretRefreshFailures").every((l) => l.event === "secret_refresh_failed")).toBe(true);
    expect(counted("SecretNotLoaded").map((l) => l.keptLastGood)).toEqual(counted("SecretRefreshFailures").filter((l) => l.keptLastGood === false).map(() => false));
  });
});

describe("the filter pattern evaluator itself", () => {
  it("never matches != on a missing field, as CloudWatch does, so NOT EXISTS is needed", () => {
    expect(matchesFilterPattern('{ $.event != "x" }', { level: 50 })).toBe(false);
    expect(matchesFilterPattern('{ ($.event != "x") || ($.event NOT EXISTS) }', { level: 50 })).toBe(true);
    expect(matchesFilterPattern('{ ($.event != "x") || ($.event NOT EXISTS) }', { event: "x" })).toBe(false);
    expect(matchesFilterPattern("{ $.level >= 50 }", { level: "50" })).toBe(false);
    expect(() => matchesFilterPattern("{ $.a = x }", {})).toThrow(/unsupported/);
  });
});
