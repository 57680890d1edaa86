import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { synthPlatform } from "../cdk/support/synth-platform.js";

interface MetricAlarm {
  readonly AlarmName: string;
  readonly AlarmDescription: string;
  readonly ComparisonOperator: string;
  readonly Threshold: number;
}

/** Every metric alarm of an environment, the outside canary's included. */
const metricAlarms = (envName: string): MetricAlarm[] =>
  Object.values(synthPlatform(envName, { overrides: { gatewayUrl: "https://gateway.example.com" } }).templates).flatMap((template) =>
    Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((r) => (r as { Properties: MetricAlarm }).Properties),
  );

/** The "## Meaning" section of a runbook: where it says when the alarm fires. */
const meaningOf = (runbook: string) => {
  const text = readFileSync(new URL(`../../${runbook}`, import.meta.url), "utf8");
  return /## Meaning\n([\s\S]*?)\n## /.exec(text)?.[1] ?? "";
};

const number = (threshold: number) => String(threshold).replace(".", "\\.");
/** Phrases that state a comparison with `threshold`, by the CloudFormation operator they mean. */
const phrases = (threshold: number): Record<string, RegExp> => {
  const t = number(threshold);
  return {
    GreaterThanOrEqualToThreshold: new RegExp(`(at least|>=|≥)\\s*${t}(?![\\d.])|(?<![\\d.])${t}\\s?%?\\s+or more`, "i"),
    GreaterThanThreshold: new RegExp(`(more than|above|over|exceeds?|greater than|>(?!=))\\s*${t}(?![\\d.])`, "i"),
    LessThanThreshold: new RegExp(`(fewer than|less than|below|<(?!=))\\s*${t}(?![\\d.])`, "i"),
    LessThanOrEqualToThreshold: new RegExp(`(at most|<=|≤)\\s*${t}(?![\\d.])|(?<![\\d.])${t}\\s?%?\\s+or (fewer|less)`, "i"),
  };
};

describe.each(["dev", "prod"])("%s runbooks state each alarm's comparison as the alarm makes it", (envName) => {
  const alarms = metricAlarms(envName);

  it("covers every metric alarm", () => {
    expect(alarms.length).toBeGreaterThanOrEqual(17);
    expect(alarms.map((a) => a.AlarmName)).toEqual(expect.arrayContaining([expect.stringMatching(/-GatewayCanaryFailures$/), expect.stringMatching(/-GatewayCanaryLatency$/)]));
  });

  it.each(alarms.map((a) => [a.AlarmName, a] as const))("%s", (_name, alarm) => {
    const runbook = /Runbook: (\S+\.md)/.exec(alarm.AlarmDescription)![1]!;
    const meaning = meaningOf(runbook);
    const byOperator = phrases(alarm.Threshold);
    expect(meaning, `${runbook} must say ${alarm.ComparisonOperator} ${alarm.Threshold}`).toMatch(byOperator[alarm.ComparisonOperator]!);
    for (const [operator, phrase] of Object.entries(byOperator)) {
      if (operator !== alarm.ComparisonOperator) expect(meaning, `${runbook} words ${alarm.Threshold} as ${operator}`).not.toMatch(phrase);
    }
  });
});

describe("the wording check itself", () => {
  it("tells 'at least' from 'more than' and 'fewer than'", () => {
    const p = phrases(20);
    expect("More than 20 requests").toMatch(p.GreaterThanThreshold!);
    expect("More than 20 requests").not.toMatch(p.GreaterThanOrEqualToThreshold!);
    expect("At least 20 requests").toMatch(p.GreaterThanOrEqualToThreshold!);
    expect("20 % or more").toMatch(p.GreaterThanOrEqualToThreshold!);
    expect("at least 200 requests").not.toMatch(p.GreaterThanOrEqualToThreshold!);
    expect("burn at ≥ 14.4×").toMatch(phrases(14.4).GreaterThanOrEqualToThreshold!);
    expect("fewer than 3 in prod").toMatch(phrases(3).LessThanThreshold!);
  });
});
