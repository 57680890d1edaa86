import { describe, expect, it } from "vitest";
import { collectedMetricNames } from "../../cdk/lib/constructs/metrics-collector.js";
import { evaluateMetricMath } from "./support/metric-math.js";
import { synthPlatform } from "./support/synth-platform.js";

interface MetricQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: { Period: number; Stat: string; Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
}
type AlarmProps = Record<string, unknown> & { AlarmName: string; Metrics?: MetricQuery[] };

const compute = synthPlatform("dev").templates.compute;
const alarm = (name: string) =>
  (Object.values(compute.findResources("AWS::CloudWatch::Alarm")) as { Properties: AlarmProps }[])
    .map((r) => r.Properties)
    .find((p) => p.AlarmName === `SumPlatform-Dev-${name}`)!;
const expressionOf = (props: AlarmProps) => props.Metrics!.find((m) => m.ReturnData !== false && m.Expression)!.Expression!;
/** The query id under which the alarm reads the service's shed counter. */
const shedQuery = (props: AlarmProps) => props.Metrics!.find((m) => m.MetricStat?.Metric.MetricName === collectedMetricNames.requestsShed)!;

describe("load shedding is not counted as a fault", () => {
  it.each(["Target5xxRate", "SloBurnRate-5m", "SloBurnRate-60m", "SloBurnRate-30m", "SloBurnRate-360m"])(
    "%s reads the collector's shed counter by its namespace and service dimension, summed over its own period",
    (name) => {
      const props = alarm(name);
      const shed = shedQuery(props).MetricStat!;
      const periods = props.Metrics!.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Period);
      expect(shed.Metric.Namespace).toBe("SumPlatform/Dev");
      expect(shed.Metric.Dimensions).toEqual([{ Name: "service", Value: "sum-service" }]);
      expect(shed.Stat).toBe("Sum");
      expect(new Set(periods)).toEqual(new Set([shed.Period]));
    },
  );

  it("Target5xxRate subtracts the shed 503s from target 5xx, never below 0, with a missing shed series as 0", () => {
    const props = alarm("Target5xxRate");
    const shedId = shedQuery(props).Id;
    expect(expressionOf(props)).toBe(
      `IF(requests >= 20, 100 * IF(FILL(errors, 0) > FILL(${shedId}, 0), FILL(errors, 0) - FILL(${shedId}, 0), 0) / requests, 0)`,
    );
    expect(props.Metrics!.find((m) => m.Id === "errors")!.MetricStat!.Metric.MetricName).toBe("HTTPCode_Target_5XX_Count");
  });

  it.each([
    ["a spike answered only with shed 503s", { requests: 1000, errors: 300, shed: 300 }, 0],
    ["real faults beside shedding", { requests: 1000, errors: 300, shed: 240 }, 6],
    ["more shed counted than target 5xx (the two clocks differ)", { requests: 1000, errors: 10, shed: 25 }, 0],
    ["a dead collector: no shed datapoint", { requests: 1000, errors: 300, shed: undefined }, 30],
    ["too little traffic to judge", { requests: 19, errors: 19, shed: 0 }, 0],
  ])("Target5xxRate evaluates %s as %s %%", (_case, { requests, errors, shed }, percent) => {
    const props = alarm("Target5xxRate");
    const value = evaluateMetricMath(expressionOf(props), { requests, errors, [shedQuery(props).Id]: shed });
    expect(value).toBeCloseTo(percent, 9);
    expect(value! >= (props.Threshold as number)).toBe(percent >= 5);
  });

  it("the SLO burn over 5 min ignores shedding but not load-balancer 5xx, and burns on everything without the collector", () => {
    const props = alarm("SloBurnRate-5m");
    const burn = (errors0: number, errors1: number, shed: number | undefined) =>
      evaluateMetricMath(expressionOf(props), { requests: 10_000, errors0, errors1, [shedQuery(props).Id]: shed });
    expect(burn(500, 0, 500)).toBe(0);
    expect(burn(500, 20, 500)).toBeCloseTo(2, 9);
    expect(burn(500, 0, undefined)).toBeCloseTo(50, 9);
  });

  it("still rolls deployments back on Target5xxRate, but not on shedding", () => {
    const [service] = Object.values(compute.findResources("AWS::ECS::Service")) as { Properties: { DeploymentConfiguration: { Alarms: { AlarmNames: string[] } } } }[];
    const names = JSON.stringify(service!.Properties.DeploymentConfiguration.Alarms.AlarmNames);
    expect(names).toContain("Target5xxRate");
    expect(names).not.toContain("RequestsShed");
  });

  it("the SLO burn counts load-balancer and target 5xx minus the shed 503s", () => {
    const props = alarm("SloBurnRate-5m");
    const shedId = shedQuery(props).Id;
    const sum = "(FILL(errors0, 0) + FILL(errors1, 0))";
    expect(expressionOf(props)).toBe(`(IF(${sum} > FILL(${shedId}, 0), ${sum} - FILL(${shedId}, 0), 0) / requests) / 0.001`);
  });
});

describe("RequestsShed", () => {
  const props = alarm("RequestsShed");

  it("pages when 1% or more of requests are shed in each of three 5-minute periods with real traffic", () => {
    expect(props).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(props.TreatMissingData).toBe("notBreaching");
    const shedId = shedQuery(props).Id;
    expect(expressionOf(props)).toBe(`IF(requests >= 100, 100 * FILL(${shedId}, 0) / requests, 0)`);
    const requests = props.Metrics!.find((m) => m.Id === "requests")!.MetricStat!;
    expect(requests.Metric.MetricName).toBe("RequestCount");
    expect(requests.Metric.Dimensions.map((d) => d.Name)).toEqual(["LoadBalancer", "TargetGroup"]);
    expect(requests.Period).toBe(300);
    expect(shedQuery(props).MetricStat!.Period).toBe(300);
  });

  it("notifies the alert topic and names its runbook", () => {
    expect(props.AlarmActions).toHaveLength(1);
    expect(props.OKActions).toEqual(props.AlarmActions);
    expect(String(props.AlarmDescription)).toMatch(/Runbook: docs\/runbooks\/RequestsShed\.md$/);
  });
});

describe("the metric math evaluator itself", () => {
  it("gives no datapoint for arithmetic on a missing one unless FILL supplies it, and refuses what it does not know", () => {
    expect(evaluateMetricMath("a - b", { a: 3, b: undefined })).toBeUndefined();
    expect(evaluateMetricMath("a - FILL(b, 0)", { a: 3, b: undefined })).toBe(3);
    expect(evaluateMetricMath("IF(a > 2, 10 * a, 0) / 2", { a: 3 })).toBe(15);
    expect(() => evaluateMetricMath("MAX(a)", { a: 1 })).toThrow(/unsupported/);
  });
});
